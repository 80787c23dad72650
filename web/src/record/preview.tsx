import type { Effects } from "../api/types.ts";
import { describeDate, type Precision } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";
import { DecisionBadge } from "../ui/decision.tsx";

const dateText = (value: { date: string; precision: string } | null) =>
  value ? describeDate(value.date, value.precision as Precision) : "none";

/** What the dry run says the change would alter, before anything is saved. */
export function Preview({
  effects,
  version,
  names,
}: {
  effects: Effects;
  version: number;
  names: Namer;
}) {
  const nothing = effects.entitlements.length === 0 && effects.deadlines.length === 0;
  return (
    <section className="panel preview" aria-labelledby="preview-heading" data-testid="preview">
      <h2 id="preview-heading" tabIndex={-1}>
        Preview: this would be version {version}
      </h2>
      {nothing ? (
        <p>It changes no entitlement and no deadline; it is added to the audit trail.</p>
      ) : null}
      {effects.entitlements.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>Entitlements that would change</caption>
            <thead>
              <tr>
                <th scope="col">On</th>
                <th scope="col">Segment</th>
                <th scope="col">Product on provider</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {effects.entitlements.map((cell) => (
                <tr key={`${cell.at}-${cell.segment}-${cell.product}-${cell.provider}`}>
                  <td>{describeDate(cell.at)}</td>
                  <td>{names.segment(cell.segment)}</td>
                  <td>
                    {names.product(cell.product)} on {names.provider(cell.provider)}
                  </td>
                  <td>
                    <DecisionBadge decision={cell.before} />
                  </td>
                  <td>
                    <DecisionBadge decision={cell.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {effects.deadlines.length > 0 ? (
        <ul aria-label="Deadlines that would change">
          {effects.deadlines.map((deadline) => (
            <li key={deadline.id}>
              {deadline.summary}: {dateText(deadline.before)} → {dateText(deadline.after)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The API types `effects` as unknown; this reads it defensively. */
export function effectsOf(value: unknown): Effects {
  const record = typeof value === "object" && value !== null ? (value as Partial<Effects>) : {};
  return {
    entitlements: Array.isArray(record.entitlements) ? record.entitlements : [],
    deadlines: Array.isArray(record.deadlines) ? record.deadlines : [],
  };
}
