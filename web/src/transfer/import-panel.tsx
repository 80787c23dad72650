import { type ChangeEvent, type FormEvent, useId, useState } from "react";
import { ApiError, api, ok } from "../api/client.ts";
import type { ImportReport } from "../api/types.ts";
import { invalidateAll } from "../lib/resource.ts";
import { describeError } from "../ui/status.tsx";
import { contentsOf, describeContents, describePath, parseDocument } from "./document.ts";
import { ImportReportView } from "./import-report.tsx";

type Body = Parameters<typeof api.import.$post>[0]["json"];
type Obj = Record<string, unknown>;

interface Problem {
  summary: string;
  items: { path: string; where: string; message: string }[];
}

function problemOf(error: unknown, document: Obj | undefined): Problem {
  const { title, detail } = describeError(error);
  const items =
    error instanceof ApiError
      ? (error.problem.errors ?? []).map((item) => ({
          path: item.path,
          where: describePath(document, item.path),
          message: item.message,
        }))
      : [];
  return { summary: items.length > 0 ? `${title}.` : `${title}: ${detail}`, items };
}

/**
 * Takes a document (a file or pasted JSON) in two steps: a dry run whose report says what
 * would be written, then the import of exactly the text that was checked.
 */
export function ImportPanel() {
  const [text, setText] = useState("");
  const [read, setRead] = useState<string | null>(null);
  const [checked, setChecked] = useState<{
    text: string;
    document: Obj;
    report: ImportReport;
  } | null>(null);
  const [done, setDone] = useState<{ document: Obj; report: ImportReport } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const id = useId();

  const changed = (next: string) => {
    setText(next);
    setChecked(null);
    setDone(null);
    setProblem(null);
  };

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    changed(await file.text());
    setRead(`Read ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KiB).`);
  };

  const send = async (dryRun: boolean) => {
    const parsed = parseDocument(text);
    if (!parsed.document) return setProblem({ summary: parsed.problem, items: [] });
    setBusy(dryRun ? "check" : "import");
    setProblem(null);
    try {
      const report = await ok(
        api.import.$post({
          query: dryRun ? { dryRun: "true" } : {},
          json: parsed.document as Body,
        }),
      );
      if (dryRun) setChecked({ text, document: parsed.document, report });
      else {
        setChecked(null);
        setDone({ document: parsed.document, report });
        invalidateAll();
      }
      requestAnimationFrame(() => document.getElementById("import-report-heading")?.focus());
    } catch (error) {
      setChecked(null);
      setProblem(problemOf(error, parsed.document));
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };

  const parsed = text.trim() ? parseDocument(text) : null;
  const contents = parsed?.document ? contentsOf(parsed.document) : null;
  const ready = checked !== null && checked.text === text;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import</h2>
      <p>
        Bring in a document in the export format: from another tenant, or written by hand. It goes
        through the same checks as any change. First a dry run says what it would write; nothing is
        written until you press Import. Importing the same document twice writes nothing the second
        time.
      </p>
      <form onSubmit={submit} noValidate aria-label="Import a document">
        <div className="field">
          <label htmlFor={`${id}-file`}>Choose a JSON file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept="application/json,.json"
            onChange={(event) => void pick(event)}
          />
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-text`}>…or paste the document (JSON)</label>
          <textarea
            id={`${id}-text`}
            className="code"
            rows={10}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setRead(null);
              changed(event.target.value);
            }}
          />
          <p className="hint" aria-live="polite">
            {read ? `${read} ` : ""}
            {contents ? `It holds ${describeContents(contents)}.` : ""}
          </p>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy !== null}>
            {busy === "check" ? "Checking…" : "Check it (dry run)"}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!ready || busy !== null}
            onClick={() => void send(false)}
          >
            {busy === "import" ? "Importing…" : "Import"}
          </button>
        </div>
        {!ready && !done ? (
          <p className="hint">Import is possible once the dry run has checked this document.</p>
        ) : null}
      </form>
      <div aria-live="polite">
        {problem ? (
          <div className="status error" role="alert" data-testid="import-problem">
            <p>
              <strong>Nothing was imported.</strong> {problem.summary}
            </p>
            {problem.items.length > 0 ? (
              <ul>
                {problem.items.map((item) => (
                  <li key={`${item.path}:${item.message}`}>
                    In {item.where} <code>{item.path}</code>: {item.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {done ? (
          <p className="status success" role="status">
            The document is imported. Every screen now shows it.
          </p>
        ) : null}
      </div>
      {checked && ready ? (
        <ImportReportView report={checked.report} document={checked.document} />
      ) : null}
      {done ? <ImportReportView report={done.report} document={done.document} /> : null}
    </section>
  );
}
