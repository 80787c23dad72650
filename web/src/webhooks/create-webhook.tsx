import { type FormEvent, useId, useState } from "react";
import { type FieldErrors, fieldErrorsOf, noErrors } from "../ui/field-errors.ts";
import { inlineErrors } from "../ui/form-errors.tsx";
import {
  ALL_EVENTS,
  type CreatedWebhook,
  createWebhook,
  eventTypeText,
  WEBHOOK_EVENT_TYPES,
} from "./webhooks-api.ts";

/** The API names `events.3` for the fourth choice: every such problem belongs to the fieldset. */
const fieldOf = (path: string) => (path.startsWith("events") ? "events" : path);

function toFieldErrors(error: unknown): FieldErrors {
  const raw = fieldErrorsOf(error);
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(raw.fields)) {
    const field = fieldOf(path);
    fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
  }
  return { fields, general: raw.general };
}

/** The secret, once: nothing can show it again, so the words say so plainly. */
function SecretOnce({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const fieldId = useId();
  return (
    <section className="status success secret-once" aria-labelledby={`${fieldId}-heading`}>
      <h3 id={`${fieldId}-heading`}>Webhook created: copy its signing secret now</h3>
      <p>
        Termline will not show this secret again. Store it with your receiver at{" "}
        <span className="break">{created.url}</span>. Receivers verify each request's{" "}
        <code>webhook-signature</code> header with it, as{" "}
        <a href="https://www.standardwebhooks.com/" rel="noreferrer">
          Standard Webhooks
        </a>{" "}
        specifies (any Standard Webhooks verifier library works).
      </p>
      <label htmlFor={fieldId}>Signing secret</label>
      <div className="copy-row">
        <input
          id={fieldId}
          readOnly
          value={created.secret}
          onFocus={(event) => event.target.select()}
          data-testid="webhook-secret"
        />
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(created.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="hint" aria-live="polite">
        {copied === false ? "The browser refused to copy: select the secret and copy it." : null}
      </p>
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}

export function CreateWebhook({ onCreated }: { onCreated: () => void }) {
  const [url, setUrl] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const [errors, setErrors] = useState<FieldErrors>(noErrors);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const id = useId();
  const inline = inlineErrors(errors, `${id}-webhook`);
  const all = chosen.has(ALL_EVENTS);

  const toggle = (type: string, on: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors(noErrors);
    try {
      // "All events" stands alone: the types ticked before it would be redundant.
      const events = all ? [ALL_EVENTS] : [...chosen];
      const made = await createWebhook(url.trim(), events);
      setCreated(made);
      setUrl("");
      setChosen(new Set());
      onCreated();
    } catch (error) {
      setErrors(toFieldErrors(error));
    } finally {
      setSaving(false);
    }
  };

  if (created) return <SecretOnce created={created} onDone={() => setCreated(null)} />;
  return (
    // noValidate: the API's own words explain a refused URL better than the browser's.
    <form className="webhook-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New webhook</h3>
      {inline.general}
      <div className="field wide">
        <label htmlFor={`${id}-url`}>Target URL</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://example.com/termline"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          {...inline.described("url")}
        />
        {inline.error("url")}
      </div>
      <fieldset className="event-choices" {...inline.described("events")}>
        <legend>Events to send</legend>
        <label className="check all-events">
          <input
            type="checkbox"
            checked={all}
            onChange={(event) => toggle(ALL_EVENTS, event.target.checked)}
          />
          All events, including types added later
        </label>
        <div className="event-grid">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="check" title={type}>
              <input
                type="checkbox"
                disabled={all}
                checked={all || chosen.has(type)}
                onChange={(event) => toggle(type, event.target.checked)}
              />
              {eventTypeText(type)}
            </label>
          ))}
        </div>
        {inline.error("events")}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Creating…" : "Create webhook"}
        </button>
      </div>
    </form>
  );
}
