import { attributeLabel } from "../agreements/values.ts";
import type { Decision, Effects, EntitlementEffect } from "../api/types.ts";
import { isOpenEnd } from "../lib/certainty.ts";
import { describeDate, type Precision } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";

const dateText = (value: { date: string; precision: string } | null) =>
  value ? describeDate(value.date, value.precision as Precision) : "none";

/**
 * "Lumen Large on Stratus Cloud (EU public sector): denied → allowed from 1 Jan 2028 to 31 Dec
 * 2029", or "… from 1 Oct 2026 on" when the change lasts.
 */
export function effectText(effect: EntitlementEffect, names: Namer): string {
  const period = isOpenEnd(effect.to)
    ? `from ${describeDate(effect.from)} on`
    : `from ${describeDate(effect.from)} to ${describeDate(effect.to ?? "")}`;
  return `${names.product(effect.product)} on ${names.provider(effect.provider)} (${names.segment(effect.segment)}): ${effect.before} → ${effect.after} ${period}`;
}

/** What the dry run says the change would alter, before anything is saved. */
export function Preview({
  effects,
  version,
  names,
  termChange,
}: {
  effects: Effects;
  version: number;
  names: Namer;
  /** The term the change concerns, and its attributes before and after, in words. */
  termChange?: { name: string; diff: { key: string; before: string; after: string }[] } | undefined;
}) {
  const nothing = effects.entitlements.length === 0 && effects.deadlines.length === 0;
  return (
    <section className="panel preview" aria-labelledby="preview-heading" data-testid="preview">
      <h2 id="preview-heading">Preview: this would be version {version}</h2>
      {termChange && termChange.diff.length > 0 ? (
        <>
          <h3>The term</h3>
          <p className="muted small">{termChange.name}</p>
          <ul className="term-change" data-testid="term-change">
            {termChange.diff.map((line) => (
              <li key={line.key} data-key={line.key}>
                {attributeLabel(line.key)}: <del>{line.before}</del> → <ins>{line.after}</ins>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {nothing ? (
        <p>
          It changes no entitlement and no deadline; it is added to the audit trail when you save
          it.
        </p>
      ) : null}
      {effects.entitlements.length > 0 ? (
        <>
          <h3>Entitlements that would change</h3>
          <ul className="effects" data-testid="entitlement-effects">
            {effects.entitlements.map((effect) => (
              <li
                key={`${effect.segment}-${effect.product}-${effect.provider}-${effect.from}`}
                data-product={effect.product}
                data-provider={effect.provider}
                data-segment={effect.segment}
                data-before={effect.before}
                data-after={effect.after}
                data-from={effect.from}
              >
                {effectText(effect, names)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {effects.deadlines.length > 0 ? <h3>Deadlines that would move</h3> : null}
      {effects.deadlines.length > 0 ? (
        <ul aria-label="Deadlines that would change" data-testid="deadline-effects">
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

const DECISIONS: readonly string[] = ["allowed", "conditional", "denied", "conflict"];
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * One entitlement effect, as `{ product, provider, segment, from, to, before, after }`, or as the
 * older `{ at, … }` (a single date: read as `from`, with no end); null when it is neither.
 */
function effectOf(value: unknown): EntitlementEffect | null {
  if (!isRecord(value)) return null;
  const [product, provider, segment] = [value.product, value.provider, value.segment].map(text);
  const from = text(value.from) ?? text(value.at);
  const { before, after } = value;
  if (!product || !provider || !segment || !from) return null;
  if (!DECISIONS.includes(String(before)) || !DECISIONS.includes(String(after))) return null;
  return {
    product,
    provider,
    segment,
    from,
    to: text(value.to),
    before: before as Decision,
    after: after as Decision,
  };
}

/** The API types `effects` as unknown; this reads it defensively. */
export function effectsOf(value: unknown): Effects {
  const record = isRecord(value) ? value : {};
  return {
    entitlements: Array.isArray(record.entitlements)
      ? record.entitlements.flatMap((item) => effectOf(item) ?? [])
      : [],
    deadlines: Array.isArray(record.deadlines) ? (record.deadlines as Effects["deadlines"]) : [],
  };
}
