import { useId } from "react";

/** Any event type as raw JSON, checked against the same schema before it is sent. */
export function JsonEditor({
  text,
  onChange,
  issues,
}: {
  text: string;
  onChange: (next: string) => void;
  issues: readonly { path: string; message: string }[];
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        The event as JSON (any type: {"{"}"type": "…", …{"}"})
      </label>
      <textarea
        id={id}
        className="code"
        rows={14}
        spellCheck={false}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={issues.length > 0 ? true : undefined}
        aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
      />
      {issues.length > 0 ? (
        <ul id={`${id}-issues`} className="field-error">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
