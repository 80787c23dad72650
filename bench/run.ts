/**
 * `npm run bench`: median and p99 of the main operations through the real Hono app, each
 * against a raw DynamoDB Local call measured in the same run, so the ratios survive a noisy machine.
 */
import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createDynamoClients } from "@termline/store";
import { findFreePort, startDynamoDbLocal } from "@termline/store/local";
import { parseTokens } from "../functions/src/api/auth.ts";
import { seedReferenceCase } from "../functions/src/local/seed.ts";
import { wire } from "../functions/src/local/wiring.ts";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 20;

async function measure(
  run: (index: number) => Promise<unknown>,
): Promise<{ median: number; p99: number }> {
  for (let index = 0; index < WARMUP; index++) await run(-index - 1);
  const samples: number[] = [];
  for (let index = 0; index < ITERATIONS; index++) {
    const started = process.hrtime.bigint();
    await run(index);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) =>
    samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99) };
}

async function main() {
  const database = await startDynamoDbLocal({ port: await findFreePort() });
  try {
    const tables = {
      events: `bench-events-${randomUUID().slice(0, 8)}`,
      views: `bench-views-${randomUUID().slice(0, 8)}`,
    };
    const { runtime, app } = await wire({
      endpoint: database.endpoint,
      tables,
      tokens: parseTokens("bench-editor:editor:bench"),
    });
    await seedReferenceCase(runtime, "bench");
    const { doc } = createDynamoClients({ endpoint: database.endpoint });
    const headers = { Authorization: "Bearer bench-editor", "Content-Type": "application/json" };
    const ok = async (response: Response | Promise<Response>) => {
      const resolved = await response;
      if (!resolved.ok) throw new Error(`${resolved.status} ${await resolved.text()}`);
      return resolved.text();
    };

    let version = (await runtime.eventStore.readStream("bench", "microsoft-openai")).length;
    const results = {
      "raw PutItem": await measure((index) =>
        doc.send(
          new PutCommand({
            TableName: tables.views,
            Item: { pk: "raw", sk: `item-${index}`, body: "x".repeat(200) },
          }),
        ),
      ),
      "raw GetItem": await measure(() =>
        doc.send(
          new GetCommand({
            TableName: tables.views,
            Key: { pk: "bench", sk: "agreement#microsoft-openai" },
            ConsistentRead: true,
          }),
        ),
      ),
      "append (NoteAdded)": await measure(async (index) => {
        const body = JSON.stringify({
          expectedVersion: version,
          events: [{ type: "NoteAdded", text: `bench note ${index}` }],
        });
        await ok(
          app.request("/api/v1/agreements/microsoft-openai/events", {
            method: "POST",
            headers,
            body,
          }),
        );
        version += 1;
      }),
      "read agreement": await measure(() =>
        ok(app.request("/api/v1/agreements/microsoft-openai?at=2026-05-01", { headers })),
      ),
      "entitlement query": await measure(() =>
        ok(
          app.request("/api/v1/entitlements?product=openai-api&provider=aws&at=2026-05-01", {
            headers,
          }),
        ),
      ),
      matrix: await measure(() =>
        ok(app.request("/api/v1/entitlements/matrix?at=2026-05-01", { headers })),
      ),
    };
    const baseline = {
      "append (NoteAdded)": "raw PutItem",
      "read agreement": "raw GetItem",
      "entitlement query": "raw GetItem",
      matrix: "raw GetItem",
    } as const;
    console.log(
      `Termline benchmark: ${ITERATIONS} iterations each after ${WARMUP} warm-up, DynamoDB Local in memory, one process\n`,
    );
    console.log(
      `${"operation".padEnd(22)}${"median ms".padStart(11)}${"p99 ms".padStart(10)}   ratio to baseline (median)`,
    );
    for (const [name, { median, p99 }] of Object.entries(results)) {
      const base = baseline[name as keyof typeof baseline];
      const ratio = base ? `${(median / results[base].median).toFixed(1)}× ${base}` : "baseline";
      console.log(
        `${name.padEnd(22)}${median.toFixed(2).padStart(11)}${p99.toFixed(2).padStart(10)}   ${ratio}`,
      );
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
