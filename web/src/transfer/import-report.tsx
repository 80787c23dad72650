import type { ImportReport } from "../api/types.ts";
import { AnswersUpdating } from "../ui/status.tsx";
import { agreementTitle, workloadName } from "./document.ts";

type Obj = Record<string, unknown>;
const events = (count: number) => `${count} event${count === 1 ? "" : "s"}`;

function agreementLine(item: ImportReport["agreements"][number], dryRun: boolean): string {
  if (item.outcome === "unchanged") return "already up to date: nothing to write";
  if (item.outcome === "created")
    return dryRun
      ? `would be created, with ${events(item.written)}`
      : `created, with ${events(item.written)}`;
  return dryRun
    ? `would get ${events(item.written)} more, up to version ${item.version}`
    : `got ${events(item.written)} more, now at version ${item.version}`;
}

const WORKLOAD_LINES = {
  created: { dry: "would be created", done: "created" },
  replaced: { dry: "would be replaced by the document's version", done: "replaced" },
  unchanged: { dry: "already the same: nothing to write", done: "already the same" },
} as const;

/** What an import did, or in a dry run would do, in words: per agreement, the catalog, the workloads. */
export function ImportReportView({ report, document }: { report: ImportReport; document: Obj }) {
  const { dryRun, catalog } = report;
  const nothing =
    catalog.written === 0 &&
    report.agreements.every((item) => item.written === 0) &&
    report.workloads.every((item) => item.outcome === "unchanged");
  return (
    <section
      className={`panel import-report ${dryRun ? "dry-run" : "done"}`}
      aria-labelledby="import-report-heading"
      data-testid={dryRun ? "dry-run-report" : "import-report"}
    >
      <h3 id="import-report-heading" tabIndex={-1}>
        {dryRun ? "What importing would do (nothing is written yet)" : "Imported"}
      </h3>
      {nothing ? (
        <p>The tenant already holds everything in this document: importing writes nothing.</p>
      ) : null}
      {!dryRun && report.answers === "updating" ? (
        <p className="status" role="status">
          <AnswersUpdating change="import" testId="import-answers-updating" />
        </p>
      ) : null}
      <h4>Catalog</h4>
      <p data-testid="report-catalog">
        {catalog.written === 0
          ? "Nothing to add: the catalog already holds every entry in the document."
          : `${dryRun ? "Would record" : "Recorded"} ${catalog.written} catalog change${catalog.written === 1 ? "" : "s"} (new parties, providers, products, classes, segments and their changes)${catalog.unchanged > 0 ? `; ${catalog.unchanged} already there` : ""}.`}
      </p>
      <h4>Agreements</h4>
      {report.agreements.length === 0 ? <p>The document holds no agreements.</p> : null}
      <ul>
        {report.agreements.map((item) => (
          <li key={item.id} data-agreement={item.id} data-outcome={item.outcome}>
            <strong>{agreementTitle(document, item.id) ?? item.id}</strong>{" "}
            <span className="id">{item.id}</span>: {agreementLine(item, dryRun)}
          </li>
        ))}
      </ul>
      <h4>Workloads</h4>
      {report.workloads.length === 0 ? <p>The document holds no workloads.</p> : null}
      <ul>
        {report.workloads.map((item) => (
          <li key={item.id} data-workload={item.id} data-outcome={item.outcome}>
            <strong>{workloadName(document, item.id) ?? item.id}</strong>:{" "}
            {WORKLOAD_LINES[item.outcome][dryRun ? "dry" : "done"]}
          </li>
        ))}
      </ul>
    </section>
  );
}
