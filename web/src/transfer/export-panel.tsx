import { useId, useState } from "react";
import { api, ok } from "../api/client.ts";
import { todayUtc } from "../lib/dates.ts";
import { useSession } from "../lib/session.tsx";
import { describeError } from "../ui/status.tsx";
import { contentsOf, describeContents } from "./document.ts";

/** Hands the browser a file to save, without a round trip through a URL that needs the token. */
function download(fileName: string, json: unknown): void {
  const blob = new Blob([`${JSON.stringify(json, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the data over; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The whole tenant as one document: its catalog's history, every agreement's log, its workloads. */
export function ExportPanel() {
  const { me } = useSession();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const schemaUrl = api["export.schema.json"].$url().pathname;

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const exported = await ok(api.export.$get());
      const fileName = `termline-${me.tenant}-${todayUtc()}.json`;
      download(fileName, exported);
      setStatus({
        text: `Saved ${fileName}: ${describeContents(contentsOf(exported))}.`,
        error: false,
      });
    } catch (error) {
      setStatus({ text: `Nothing was exported. ${describeError(error).detail}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Export</h2>
      <p>
        Everything in tenant <strong>{me.tenant}</strong> as one JSON file: the catalog and every
        agreement with its full history (each event keeps its id, who recorded it and when), and the
        workloads. Import it into another tenant, or keep it as a record.
      </p>
      <p>
        <a href={schemaUrl} target="_blank" rel="noreferrer">
          The format, as a JSON Schema
        </a>
      </p>
      <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
        {busy ? "Exporting…" : "Export"}
      </button>
      <p
        className={status ? `status ${status.error ? "error" : "success"}` : undefined}
        role="status"
        aria-live="polite"
        data-testid="export-status"
      >
        {status?.text}
      </p>
    </section>
  );
}
