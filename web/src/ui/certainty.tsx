import {
  type Certainty,
  effectiveText,
  evidenceText,
  laterText,
  type ReasonLike,
  uncertaintyReasons,
} from "../lib/certainty.ts";

export const UNCERTAIN_MEANING =
  "could differ within a date known only to the month or year, or rests on a disputed term";

/**
 * Marks an uncertain answer with an icon and words (never colour alone); nothing when certain.
 * The word is for screen readers only, unless `visible` (where there is room for it).
 */
export function CertaintyMark({
  certainty,
  visible = false,
}: {
  certainty: Certainty;
  visible?: boolean;
}) {
  if (certainty !== "uncertain") return null;
  return (
    <span className="certainty-mark" title="Uncertain">
      <span className="certainty-icon" aria-hidden="true">
        ?
      </span>
      <span className={visible ? "certainty-word" : "visually-hidden"}>
        {visible ? "Uncertain" : " uncertain"}
      </span>
    </span>
  );
}

/** The first thing an explanation says: "Certain", or "Uncertain:" and the reasons why. */
export function CertaintyNote({
  certainty,
  reasons,
}: {
  certainty: Certainty;
  reasons: readonly ReasonLike[];
}) {
  const why = uncertaintyReasons(reasons);
  return (
    <div
      className={`certainty certainty-${certainty}`}
      data-testid="certainty"
      data-certainty={certainty}
    >
      {certainty === "certain" ? (
        <p>
          <strong>Certain</strong>: no date it depends on is in doubt, and no term it rests on is
          disputed.
        </p>
      ) : (
        <>
          <p>
            <strong>Uncertain</strong>
            {why.length > 0 ? ":" : ": the answer could differ, though the API gives no reason."}
          </p>
          {why.length > 0 ? (
            <ul>
              {why.map((reason, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: reasons come in a fixed order
                <li key={index} data-code={reason.code}>
                  {reason.summary}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </div>
  );
}

/** A reason's period, later changes and evidence as a definition list's rows. */
export function ReasonFacts({ reason }: { reason: ReasonLike }) {
  const later = laterText(reason.later);
  const evidence = evidenceText(reason);
  return (
    <>
      {reason.effective ? (
        <>
          <dt>In force</dt>
          <dd data-fact="effective">{effectiveText(reason.effective)}</dd>
        </>
      ) : null}
      {later ? (
        <>
          <dt>Later changes</dt>
          <dd data-fact="later">{later} (known, not yet in force)</dd>
        </>
      ) : null}
      {evidence ? (
        <>
          <dt>Evidence</dt>
          <dd data-fact="evidence">{evidence}</dd>
        </>
      ) : null}
    </>
  );
}

/** The same facts on one line: "from 2022 (year only) to 26 Apr 2026 · later changes: … · primary source". */
export function reasonFactsLine(reason: ReasonLike): string {
  const later = laterText(reason.later);
  return [
    reason.effective ? effectiveText(reason.effective) : null,
    later ? `later changes: ${later}` : null,
    evidenceText(reason),
  ]
    .filter((part) => part !== null)
    .join(" · ");
}
