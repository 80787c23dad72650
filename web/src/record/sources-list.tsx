import { hasControlCharacters } from "../../../packages/core/src/events/text-rules.ts";
import type { Source } from "../api/types.ts";

export interface SourceDraft {
  publication: string;
  /** The article's or document's title; optional, and absent from drafts made before it was asked. */
  title?: string;
  date: string;
  url: string;
}

const WEB_LINK = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
/** The longest title the API's Source schema accepts (packages/core/src/events/envelope.ts). */
const TITLE_MAX = 500;

/** The sources a person filled in (empty rows dropped), or an error at each field that is wrong. */
export function sourcesOf(
  drafts: readonly SourceDraft[],
): { list: Source[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const list: Source[] = [];
  drafts.forEach((draft, index) => {
    const [publication, title, date, url] = [
      draft.publication.trim(),
      (draft.title ?? "").trim(),
      draft.date.trim(),
      draft.url.trim(),
    ];
    if (!publication && !title && !date && !url) return;
    if (!publication) errors[`sources.${index}.publication`] = "Name the publication.";
    if (title.length > TITLE_MAX)
      errors[`sources.${index}.title`] =
        `A title has at most ${TITLE_MAX} characters (this one has ${title.length}).`;
    else if (hasControlCharacters(title))
      errors[`sources.${index}.title`] = "A title must not contain control characters.";
    if (url && !WEB_LINK.test(url))
      errors[`sources.${index}.url`] = "A link must start with http:// or https://.";
    list.push({
      publication,
      ...(title ? { title } : {}),
      ...(date ? { date } : {}),
      ...(url ? { url } : {}),
    });
  });
  return Object.keys(errors).length > 0 ? { errors } : { list };
}

const PLACEHOLDERS: Record<keyof SourceDraft, string> = {
  publication: "e.g. Reuters",
  title: "e.g. Microsoft and OpenAI sign a new agreement",
  date: "2026-05-01",
  url: "https://…",
};

/**
 * Sources as a compact list: one row each of publication and title (stacked in the row's wide
 * first column), date and link.
 */
export function SourcesList({
  idPrefix,
  sources,
  onChange,
  errors,
}: {
  idPrefix: string;
  sources: SourceDraft[];
  onChange: (next: SourceDraft[]) => void;
  errors: Record<string, string>;
}) {
  const set = (index: number, patch: Partial<SourceDraft>) =>
    onChange(sources.map((source, at) => (at === index ? { ...source, ...patch } : source)));
  const input = (index: number, key: keyof SourceDraft, label: string, type = "text") => {
    const id = `${idPrefix}-source-${index}-${key}`;
    const error = errors[`sources.${index}.${key}`];
    return (
      <div className={`field source-${key}`}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name={`sources.${index}.${key}`}
          type={type}
          value={sources[index]?.[key] ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          placeholder={PLACEHOLDERS[key]}
          onChange={(event) => set(index, { [key]: event.target.value })}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <fieldset className="sources-list">
      <legend>Sources</legend>
      <ol>
        {sources.map((_source, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
          <li key={index} className="source-row">
            <div className="source-names">
              {input(
                index,
                "publication",
                sources.length > 1 ? `Publication ${index + 1}` : "Publication",
              )}
              {input(index, "title", "Title")}
            </div>
            {input(index, "date", "Date")}
            {input(index, "url", "Link", "url")}
            {sources.length > 1 ? (
              <button
                type="button"
                className="link-button"
                onClick={() => onChange(sources.filter((_, at) => at !== index))}
              >
                Remove<span className="visually-hidden"> source {index + 1}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => onChange([...sources, { publication: "", title: "", date: "", url: "" }])}
      >
        Add another source
      </button>
    </fieldset>
  );
}
