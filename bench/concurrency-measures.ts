/** Throughput and latency under concurrent clients. */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type Bench, client, type Row } from "./bench-harness.ts";
import { CONCURRENCY, CONCURRENCY_MS } from "./bench-settings.ts";
import { READS } from "./read-measures.ts";
import { concurrently, ms } from "./stats.ts";

type Concurrent = Awaited<ReturnType<typeof concurrently>>;

const rowOf = (name: string, clients: number, result: Concurrent) => [
  name,
  clients,
  result.throughput.toFixed(1),
  ms(result.median),
  ms(result.p99),
  result.errors,
  result.n,
];

export async function concurrency(bench: Bench, tenant: string, measured: Row[]) {
  const { get } = client(bench, tenant);
  const rows: (string | number)[][] = [];
  const force = process.env.BENCH_CONCURRENCY_FORCE === "1";
  for (const read of READS.filter(
    ({ name }) => name === "entitlement (one cell)" || name === "matrix",
  )) {
    let single = measured.find(({ name }) => name === read.name)?.sample.median;
    if (single === undefined) {
      const t = performance.now();
      await get(read.path);
      single = performance.now() - t;
    }
    for (const clients of CONCURRENCY) {
      if (!force && single * clients > 4 * CONCURRENCY_MS) {
        rows.push([
          read.name,
          clients,
          "skipped",
          `one request takes ${ms(single)} ms`,
          "",
          "",
          "",
        ]);
        continue;
      }
      rows.push(
        rowOf(
          read.name,
          clients,
          await concurrently(clients, CONCURRENCY_MS, () => get(read.path)),
        ),
      );
    }
  }
  for (const clients of CONCURRENCY) {
    const { raw, tables } = bench;
    const result = await concurrently(clients, CONCURRENCY_MS, () =>
      raw.send(
        new GetCommand({
          TableName: tables.views,
          Key: { pk: "bench-raw", sk: "get" },
          ConsistentRead: true,
        }),
      ),
    );
    rows.push(rowOf("raw GetItem", clients, result));
  }
  return rows;
}
