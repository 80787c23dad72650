import type { Source } from "../api/types.ts";
import { describeDate, describeInstant, type Precision } from "../lib/dates.ts";
import { Link } from "../lib/router.tsx";
import { Sources } from "../ui/sources.tsx";
import type { Superseded } from "./history.ts";
import { attributeLabel } from "./values.ts";
import "./audit.css";

export interface ChangeView {
  eventId: string;
  version: number;
  type: string;
  headline: string;
  /** The term it concerns, by the words the agreement uses for it. */
  termName?: string | undefined;
  effectiveOn: string;
  precision: Precision;
  recordedAt: string;
  recordedBy: string;
  sources: readonly Source[];
  diff: { key: string; before: string; after: string }[];
  supersededBy?: Superseded | undefined;
  /** Tenant-wide: which agreement (linked); absent on the agreement's own page. */
  agreement?: { id: string; title: string } | undefined;
  /** Recorded after the "as known at" instant the page shows. */
  later?: boolean | undefined;
  /** The entry's fields in words, for "All fields". */
  fields?: (readonly [string, string])[] | undefined;
}

export const changeAnchor = (version: number, agreementId?: string) =>
  agreementId ? `change-${agreementId}-v${version}` : `change-v${version}`;

const SUPERSEDED_BY: Record<string, string> = {
  EventCorrected: "Superseded: corrected by",
  EventRetracted: "Superseded: retracted by",
};

/** One line of history: what changed in words, then who recorded it, when, and from what. */
export function ChangeItem({
  change,
  highlight,
  correctLink,
}: {
  change: ChangeView;
  highlight?: boolean;
  /** Where an editor corrects this entry (none for viewers, corrections and superseded entries). */
  correctLink?: string | undefined;
}) {
  const agreementId = change.agreement?.id;
  const classes = [
    "audit-event",
    change.later ? "later" : "",
    change.supersededBy ? "superseded" : "",
    highlight ? "highlight" : "",
  ]
    .filter(Boolean)
    .join(" ");
  const by = change.supersededBy;
  const supersededText = by
    ? `${SUPERSEDED_BY[by.type] ?? "Superseded by"}${by.version ? ` v${by.version}` : " a later entry"}`
    : "";
  const firstSource = change.sources[0];
  return (
    <li
      id={changeAnchor(change.version, agreementId)}
      className={classes}
      data-type={change.type}
      data-version={change.version}
      data-superseded={change.supersededBy ? "true" : undefined}
      tabIndex={-1}
    >
      <p className="change-headline">
        <strong>{change.headline}</strong>
        {change.supersededBy ? (
          <span className="tag superseded-tag">
            {" "}
            {by?.version ? (
              <a href={`#${changeAnchor(by.version, agreementId)}`}>{supersededText}</a>
            ) : (
              supersededText
            )}
          </span>
        ) : null}
      </p>
      <p className="muted small change-meta">
        {change.agreement ? (
          <>
            <Link to={`/agreements/${change.agreement.id}#${changeAnchor(change.version)}`}>
              {change.agreement.title}
            </Link>{" "}
            ·{" "}
          </>
        ) : null}
        {change.termName ? <>{change.termName} · </> : null}
        <span className="version">v{change.version}</span> · effective{" "}
        {describeDate(change.effectiveOn, change.precision)} · recorded{" "}
        {describeInstant(change.recordedAt)} by <strong>{change.recordedBy}</strong>
        {firstSource ? (
          <>
            {" "}
            from <Sources sources={change.sources} inline />
          </>
        ) : (
          <> · no source</>
        )}
        {change.later ? (
          <span className="tag"> · recorded after the “as known at” instant</span>
        ) : null}
      </p>
      {change.diff.length > 0 ? (
        <table className="diff" aria-label={`What v${change.version} changed`}>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {change.diff.map((line) => (
              <tr key={line.key} data-key={line.key}>
                <th scope="row">{attributeLabel(line.key)}</th>
                <td>
                  <del>{line.before}</del>
                </td>
                <td>
                  <ins>{line.after}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {correctLink ? (
        <p className="small">
          <Link to={correctLink}>
            Correct this entry<span className="visually-hidden"> (v{change.version})</span>
          </Link>
        </p>
      ) : null}
      {change.fields && change.fields.length > 0 ? (
        <details>
          <summary>All fields</summary>
          <dl className="facts">
            {change.fields.map(([key, value]) => (
              <div key={key}>
                <dt>{attributeLabel(key)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </li>
  );
}
