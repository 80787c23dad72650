import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A PutEvents entry as it travels on the wire (AWS JSON 1.1): the SDK's field names. */
export interface WireEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: number;
}

export interface PutEventsCall {
  headers: IncomingHttpHeaders;
  entries: WireEntry[];
}

export interface FakeEventBridge {
  /** For AWS_ENDPOINT_URL_EVENTBRIDGE. */
  endpoint: string;
  /** Every PutEvents request, in order. */
  calls: PutEventsCall[];
  /** The entries EventBridge accepted, in order. */
  accepted: WireEntry[];
  /** Entries this returns true for fail with ErrorCode InternalFailure, every time they are sent. */
  reject: (entry: WireEntry) => boolean;
  close(): Promise<void>;
}

const JSON_11 = "application/x-amz-json-1.1";

/**
 * Just enough of EventBridge for the SDK v3 client: `POST /` with `X-Amz-Target:
 * AWSEvents.PutEvents` and a JSON 1.1 body; it answers per entry with an EventId or an error,
 * as the real service does (a partly failed request is still HTTP 200).
 */
export async function startFakeEventBridge(): Promise<FakeEventBridge> {
  const fake: Omit<FakeEventBridge, "endpoint" | "close"> = {
    calls: [],
    accepted: [],
    reject: () => false,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": JSON_11 });
        response.end(JSON.stringify(body));
      };
      const target = request.headers["x-amz-target"];
      if (request.method !== "POST" || target !== "AWSEvents.PutEvents") {
        reply(400, { __type: "UnknownOperationException", message: `no ${String(target)}` });
        return;
      }
      const { Entries = [] } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        Entries?: WireEntry[];
      };
      fake.calls.push({ headers: request.headers, entries: Entries });
      const results = Entries.map((entry) => {
        if (fake.reject(entry))
          return { ErrorCode: "InternalFailure", ErrorMessage: "rejected by the test" };
        fake.accepted.push(entry);
        return { EventId: randomUUID() };
      });
      const FailedEntryCount = results.filter((result) => "ErrorCode" in result).length;
      reply(200, { FailedEntryCount, Entries: results });
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  });
}
