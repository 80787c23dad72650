/** The tables `npm run bench` ends each part with. */
import type { Row } from "./bench-harness.ts";
import type { Metered } from "./capacity.ts";
import { log } from "./log.ts";
import { OWN_CALLS } from "./own-calls.ts";
import type { lag } from "./projection-lag.ts";
import type { ProjectorCost } from "./projector-costs.ts";
import { ms, type Sample, table, times } from "./stats.ts";

export function printRows(title: string, rows: Row[], baselines: Map<string, Sample>) {
  log(`\n### ${title}\n`);
  log(
    table(
      [
        "operation",
        "n",
        "median ms",
        "p99 ms",
        "baseline median ms",
        "× baseline (median)",
        "× baseline (p99)",
        "calls",
        "RCU",
        "WCU",
        "DynamoDB calls",
        "note",
      ],
      rows.map(({ name, sample, baseline, base: paired, cost, note }) => {
        // The baseline timed alternately with the operation when there is one, else the raw row.
        const base = paired ?? (baseline ? baselines.get(baseline) : undefined);
        return [
          name,
          sample.n,
          ms(sample.median),
          ms(sample.p99),
          base ? ms(base.median) : "",
          base ? `${times(sample.median / base.median)} ${baseline}` : "baseline",
          base ? times(sample.p99 / base.p99) : "",
          cost?.calls ?? "",
          cost ? cost.readUnits.toFixed(1) : "",
          cost ? cost.writeUnits.toFixed(1) : "",
          cost ? commandsOf(cost) : "",
          note ?? "",
        ];
      }),
      new Set([1, 2, 3, 4, 6, 7, 8, 9]),
    ),
  );
}

export function printGrowth(sizes: number[], readRows: Map<number, Row[]>) {
  const [small, large] = [sizes[0] as number, sizes.at(-1) as number];
  log(`\n### Growth from N = ${small} to N = ${large} (median over median)\n`);
  const smallRows = new Map((readRows.get(small) ?? []).map((row) => [row.name, row]));
  log(
    table(
      ["read", `N = ${small} ms`, `N = ${large} ms`, "growth"],
      // A read over its own calls is the read's sample again: its growth is the read's.
      (readRows.get(large) ?? []).flatMap(({ name, sample, baseline }) => {
        if (baseline === OWN_CALLS) return [];
        const before = smallRows.get(name)?.sample.median ?? Number.NaN;
        return [[name, ms(before), ms(sample.median), times(sample.median / before)]];
      }),
      new Set([1, 2, 3]),
    ),
  );
}

export function printLag(result: Awaited<ReturnType<typeof lag>>) {
  log(`\n### Projection lag (local pipeline, stream poller every 250 ms)\n`);
  log(
    table(
      ["path", "samples", "p50 ms", "p99 ms", "note"],
      [
        [
          "store append → stream projector → view",
          result.lag.n,
          ms(result.lag.median),
          ms(result.lag.p99),
          `polled through GET /agreements/{id}, one poll ≈ ${ms(result.pollMs)} ms`,
        ],
        [
          "API append (inline projection)",
          result.apiSamples,
          "0",
          "0",
          `view already current when the response returned: ${result.inline}/${result.apiSamples}`,
        ],
      ],
      new Set([1, 2, 3]),
    ),
  );
}

export function printProjectorCosts(rows: ProjectorCost[]) {
  log(`\n### The stream projector, one record (reference case, tables of their own)\n`);
  log(
    table(
      ["record", "samples", "median ms", "p99 ms", "calls", "RCU", "WCU", "DynamoDB calls"],
      rows.map(({ path, samples, median, p99, cost }) => [
        path,
        samples,
        ms(median),
        ms(p99),
        cost.calls,
        cost.readUnits.toFixed(1),
        cost.writeUnits.toFixed(1),
        commandsOf(cost),
      ]),
      new Set([1, 2, 3, 4, 5, 6]),
    ),
  );
}

const commandsOf = (cost: Metered) =>
  Object.entries(cost.byCommand)
    .map(([command, count]) => `${command.replace(/Command$/, "")}×${count}`)
    .join(" ");
