import type { InferResponseType } from "hono/client";
import type { HistoryFilter } from "../agreements/history-filters.tsx";
import { ApiError, api, ok, type Problem } from "../api/client.ts";
import { storedToken } from "../lib/session.tsx";

/** One change in the tenant-wide feed (`GET /api/v1/changes`), newest first. */
export type Change = ChangesPage["changes"][number];
export type ChangesPage = InferResponseType<typeof api.changes.$get, 200>;

/** The filter as the API's query: `recordedBy` for the person, `type` a comma-separated list. */
export function changesQuery(filter: HistoryFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const add = (name: string, value: string | undefined) => value && params.set(name, value);
  add("agreement", filter.agreement);
  add("term", filter.term);
  add("type", filter.type);
  add("recordedBy", filter.person);
  add("from", filter.from);
  add("to", filter.to);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

/** The token goes in the Authorization header, never in a URL (a link would leak it to logs). */
async function call(path: string): Promise<Response> {
  const token = storedToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (cause) {
    throw new ApiError({
      type: "about:blank",
      title: "The API could not be reached",
      status: 0,
      detail: `Check your connection and try again (${cause instanceof Error ? cause.message : String(cause)}).`,
    });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as Problem | null;
    throw new ApiError(
      problem && typeof problem.detail === "string"
        ? problem
        : {
            type: "about:blank",
            title: response.statusText || "The request failed",
            status: response.status,
            detail: `The server answered ${response.status} ${response.statusText}.`,
          },
    );
  }
  return response;
}

export function loadChanges(filter: HistoryFilter, cursor?: string): Promise<ChangesPage> {
  return ok(
    api.changes.$get({
      query: {
        ...Object.fromEntries(new URLSearchParams(changesQuery(filter))),
        limit: "50",
        ...(cursor ? { cursor } : {}),
      },
    }),
  );
}

/** Fetches the CSV with the header and saves it as a file through a Blob URL. */
export async function downloadChangesCsv(filter: HistoryFilter): Promise<void> {
  const response = await call(`/api/v1/changes.csv?${changesQuery(filter)}`);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `termline-changes-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type Original = { data: Record<string, unknown>; effectiveOn: string };

/** The entries that corrections on the page correct, read from their agreements' logs. */
export async function loadOriginals(
  wanted: readonly { agreementId: string; version: number; eventId: string }[],
): Promise<Map<string, Original>> {
  const found = await Promise.all(
    wanted.map(async ({ agreementId, version, eventId }) => {
      const page = await ok(
        api.agreements[":id"].events.$get({
          param: { id: agreementId },
          query: { after: String(version - 1), limit: "1" },
        }),
      );
      const event = page.events[0];
      return event
        ? ([eventId, { data: event.data, effectiveOn: event.effectiveOn }] as const)
        : null;
    }),
  );
  return new Map(found.flatMap((entry) => (entry ? [entry] : [])));
}
