import { useId } from "react";
import { useWorkloadEntitlements } from "../api/reads.ts";
import type { Workload, WorkloadEntitlements } from "../api/types.ts";
import { DEFAULT_SEGMENT } from "../lib/catalog.ts";
import { describeDate, isCalendarDate } from "../lib/dates.ts";
import { type Namer, reasonLabel } from "../lib/names.ts";
import { CertaintyMark, CertaintyNote, reasonFactsLine } from "../ui/certainty.tsx";
import { DecisionBadge } from "../ui/decision.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";

type Row = WorkloadEntitlements["providers"][number];

/** A provider's decision, marked when uncertain. */
function Answer({ row }: { row: Row }) {
  return (
    <span className="answer" data-certainty={row.certainty}>
      <DecisionBadge decision={row.decision} /> <CertaintyMark certainty={row.certainty} visible />
    </span>
  );
}

function Why({ row }: { row: Row }) {
  return (
    <details>
      <summary>Why</summary>
      <CertaintyNote certainty={row.certainty} reasons={row.reasons} />
      <ul>
        {row.reasons.map((reason, index) => {
          const facts = reasonFactsLine(reason);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: reasons come in a fixed order
            <li key={index} data-code={reason.code}>
              <strong>{reasonLabel(reason.code)}</strong> {reason.summary}
              {facts ? <span className="reason-facts">{facts}</span> : null}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** Which providers may serve the workload at a date, and, with a second date, what changed. */
export function WorkloadDecisions({
  workload,
  at,
  compareWith,
  onCompare,
  names,
}: {
  workload: Workload;
  at: string;
  compareWith: string;
  onCompare: (date: string) => void;
  names: Namer;
}) {
  const first = useWorkloadEntitlements(workload.id, at);
  const second = useWorkloadEntitlements(compareWith ? workload.id : null, compareWith);
  const compareId = useId();
  const before = (provider: string) =>
    second.data?.providers.find((row) => row.provider === provider);
  return (
    <section
      className="panel"
      aria-labelledby={`${compareId}-heading`}
      data-testid="workload-decisions"
    >
      <h2 id={`${compareId}-heading`}>
        {workload.name}: {names.product(workload.product)},{" "}
        {names.segment(workload.segment ?? DEFAULT_SEGMENT)}
      </h2>
      <div className="field">
        <label htmlFor={compareId}>Compare with date</label>
        <input
          id={compareId}
          type="date"
          value={compareWith}
          onChange={(event) =>
            onCompare(isCalendarDate(event.target.value) ? event.target.value : "")
          }
        />
      </div>
      {first.loading || second.loading ? <Loading what="the decisions" /> : null}
      {first.error ? (
        <ErrorNote error={first.error} what="the decisions" retry={first.reload} />
      ) : null}
      {second.error ? (
        <ErrorNote error={second.error} what="the comparison" retry={second.reload} />
      ) : null}
      {first.data ? (
        <div className="table-scroll">
          <table className="decisions">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">{describeDate(at)}</th>
                {compareWith ? <th scope="col">{describeDate(compareWith)}</th> : null}
                {compareWith ? <th scope="col">Changed?</th> : null}
              </tr>
            </thead>
            <tbody>
              {first.data.providers.map((row) => {
                const other = before(row.provider);
                const changed = other !== undefined && other.decision !== row.decision;
                return (
                  <tr
                    key={row.provider}
                    data-provider={row.provider}
                    data-decision={row.decision}
                    data-certainty={row.certainty}
                    data-changed={changed}
                  >
                    <th scope="row">{names.provider(row.provider)}</th>
                    <td>
                      <Answer row={row} />
                      <Why row={row} />
                    </td>
                    {compareWith ? (
                      <td>
                        {other ? (
                          <>
                            <Answer row={other} />
                            <Why row={other} />
                          </>
                        ) : (
                          "…"
                        )}
                      </td>
                    ) : null}
                    {compareWith ? (
                      <td>
                        {changed ? (
                          <strong>Changed</strong>
                        ) : other && other.certainty !== row.certainty ? (
                          "Same decision, not as sure"
                        ) : (
                          "Same"
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
