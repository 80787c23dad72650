import { type MoneyValue, moneyText } from "../agreements/values.ts";

export interface MoneyDraft {
  text: string;
  currency: string;
  qualifier: NonNullable<MoneyValue["qualifier"]>;
}

const CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR"];
const QUALIFIERS: { value: MoneyDraft["qualifier"]; label: string }[] = [
  { value: "exact", label: "exactly" },
  { value: "approximate", label: "about" },
  { value: "up-to", label: "up to" },
  { value: "at-least", label: "at least" },
];
const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

/** "38B", "38 billion", "$38,000,000,000", "2.5m" → a sum in the chosen currency, or why not. */
export function parseMoney(draft: MoneyDraft): MoneyValue | { error: string } {
  const text = draft.text
    .trim()
    .toLowerCase()
    .replace(/^[$€£¥]/, "")
    .replaceAll(",", "")
    .replaceAll("_", "");
  const found = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(text);
  const scale = found ? (found[2] ? SCALE[found[2]] : 1) : undefined;
  if (!found || scale === undefined)
    return { error: "Give the amount as a number, e.g. 38B, 2.5 million or 38000000000." };
  const amount = Math.round(Number(found[1]) * scale);
  if (amount > 1e15) return { error: "That is more than the largest amount recorded (10¹⁵)." };
  return { amount, currency: draft.currency, qualifier: draft.qualifier };
}

/** One field for a sum: the figure as people write it, its currency and how exact it is. */
export function MoneyField({
  id,
  label,
  draft,
  onChange,
  current,
  error,
}: {
  id: string;
  label: string;
  draft: MoneyDraft;
  onChange: (next: MoneyDraft) => void;
  current?: string | undefined;
  error?: string | undefined;
}) {
  const parsed = draft.text.trim() ? parseMoney(draft) : null;
  const described = [
    current !== undefined ? `${id}-now` : "",
    error ? `${id}-error` : `${id}-reads`,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field money-field">
      <label htmlFor={id}>{label}</label>
      {current !== undefined ? (
        <p id={`${id}-now`} className="now">
          Now: <strong>{current}</strong>
        </p>
      ) : null}
      <div className="money-inputs">
        <select
          aria-label="How exact"
          value={draft.qualifier}
          onChange={(event) =>
            onChange({ ...draft, qualifier: event.target.value as MoneyDraft["qualifier"] })
          }
        >
          {QUALIFIERS.map((qualifier) => (
            <option key={qualifier.value} value={qualifier.value}>
              {qualifier.label}
            </option>
          ))}
        </select>
        <input
          id={id}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 38B"
          value={draft.text}
          aria-describedby={described || undefined}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange({ ...draft, text: event.target.value })}
        />
        <select
          aria-label="Currency"
          value={draft.currency}
          onChange={(event) => onChange({ ...draft, currency: event.target.value })}
        >
          {[...new Set([draft.currency, ...CURRENCIES])].map((currency) => (
            <option key={currency}>{currency}</option>
          ))}
        </select>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-reads`} className="hint" aria-live="polite">
          {parsed && !("error" in parsed)
            ? `Reads as ${moneyText(parsed)} (${parsed.amount.toLocaleString("en-GB")} ${parsed.currency}).`
            : "Write 38B, 2.5 million or the whole figure."}
        </p>
      )}
    </div>
  );
}
