import type { Namer } from "../lib/names.ts";
import { Preview } from "./preview.tsx";
import type { Previewed } from "./submit.ts";

export type Mode = "intent" | "form" | "json";

const MODES: [Mode, string][] = [
  ["intent", "By what happened"],
  ["form", "By event type"],
  ["json", "JSON (any event type)"],
];

/** The guided form first; the generated one by event type and the JSON editor for power users. */
export function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (next: Mode) => void }) {
  return (
    <fieldset className="mode-switch">
      <legend className="visually-hidden">How to enter the change</legend>
      {MODES.map(([name, label]) => (
        <button
          key={name}
          type="button"
          aria-pressed={mode === name}
          onClick={() => onChange(name)}
        >
          {label}
        </button>
      ))}
    </fieldset>
  );
}

/**
 * Beside the form: what the change would do, and Save. A preview that no longer matches the form
 * is not shown (`previewed` null), so Save always sends what the person sees previewed.
 */
export function PreviewAside({
  previewed,
  busy,
  names,
  termChange,
  onSave,
}: {
  previewed: Previewed | null;
  busy: "preview" | "save" | null;
  names: Namer;
  termChange: Parameters<typeof Preview>[0]["termChange"];
  onSave: () => void;
}) {
  return (
    <aside className="record-aside" aria-label="Preview and save">
      <div aria-live="polite">
        {previewed ? (
          <Preview
            effects={previewed.effects}
            version={previewed.version}
            names={names}
            termChange={termChange}
          />
        ) : (
          <p className="panel preview-placeholder">
            {busy === "preview"
              ? "Working out what the change does…"
              : "The preview shows here: the term before and after, each entitlement and deadline that changes."}
          </p>
        )}
      </div>
      <button
        type="button"
        className="primary"
        disabled={!previewed || busy !== null}
        onClick={onSave}
      >
        {busy === "save" ? "Saving…" : "Save the change"}
      </button>
      {!previewed ? (
        <p className="hint">Saving is possible once the preview shows what the change does.</p>
      ) : null}
    </aside>
  );
}
