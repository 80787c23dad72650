import { useId, useState } from "react";
import { useWorkloadEntitlements } from "../api/reads.ts";
import type { Workload, WorkloadEntitlements } from "../api/types.ts";
import { DEFAULT_SEGMENT } from "../lib/catalog.ts";
import { describeDate } from "../lib/dates.ts";
import { type Namer, reasonLabel } from "../lib/names.ts";
import { splitSummary, verdict, workloadVerdict } from "../lib/verdict.ts";
import { AvailabilityWindows } from "../ui/availability.tsx";
import { CertaintyMark, CertaintyNote, reasonFactsLine } from "../ui/certainty.tsx";
import { DateField } from "../ui/date-field.tsx";
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

function Why({ row, providerName }: { row: Row; providerName: string }) {
  return (
    <details>
      <summary>Why</summary>
      <p className="verdict">{verdict(providerName, row.decision, row.reasons)}</p>
      <CertaintyNote certainty={row.certainty} reasons={row.reasons} />
      <ul>
        {row.reasons.map((reason, index) => {
          const facts = reasonFactsLine(reason);
          const { lead, rest } = splitSummary(reason.summary);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: reasons come in a fixed order
            <li key={index} data-code={reason.code}>
              <strong>{lead ?? reasonLabel(reason.code)}</strong> {lead ? rest : reason.summary}
              {facts ? <span className="reason-facts">{facts}</span> : null}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** The provider's availability windows over 2019–2034, read only once opened. */
function When(props: { product: string; provider: string; segment: string; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>When</summary>
      {open ? <AvailabilityWindows {...props} /> : null}
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
  // Only the answers for this workload and these dates: while others load, the previous ones
  // would sit under the new heading and dates.
  const current = first.stale ? undefined : first.data;
  const compared = second.stale ? undefined : second.data;
  const compareId = useId();
  const before = (provider: string) => compared?.providers.find((row) => row.provider === provider);
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
      <DateField label="Compare with date" value={compareWith} onChange={onCompare} allowEmpty />
      {first.loading || second.loading ? <Loading what="the decisions" /> : null}
      {first.error ? (
        <ErrorNote error={first.error} what="the decisions" retry={first.reload} />
      ) : null}
      {second.error ? (
        <ErrorNote error={second.error} what="the comparison" retry={second.reload} />
      ) : null}
      {current ? (
        <p className="verdict" data-testid="workload-verdict">
          {describeDate(at)}: {workloadVerdict(current.providers, names.provider)}
        </p>
      ) : null}
      {current ? (
        <div className="table-scroll">
          <table className="decisions stack">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">{describeDate(at)}</th>
                {compareWith ? <th scope="col">{describeDate(compareWith)}</th> : null}
                {compareWith ? <th scope="col">Changed?</th> : null}
              </tr>
            </thead>
            <tbody>
              {current.providers.map((row) => {
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
                    <td data-label={describeDate(at)}>
                      <Answer row={row} />
                      <Why row={row} providerName={names.provider(row.provider)} />
                      <When
                        product={workload.product}
                        provider={row.provider}
                        segment={workload.segment ?? DEFAULT_SEGMENT}
                        title={`${names.product(workload.product)} on ${names.provider(row.provider)}`}
                      />
                    </td>
                    {compareWith ? (
                      <td data-label={describeDate(compareWith)}>
                        {other ? (
                          <>
                            <Answer row={other} />
                            <Why row={other} providerName={names.provider(row.provider)} />
                          </>
                        ) : (
                          "…"
                        )}
                      </td>
                    ) : null}
                    {compareWith ? (
                      <td data-label="Changed?">
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
