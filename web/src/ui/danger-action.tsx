import { useEffect, useRef, useState } from "react";
import { describeError } from "./status.tsx";

const problemText = (error: unknown) => {
  const { title, detail } = describeError(error);
  return `${title}: ${detail}`;
};

/**
 * An action that cannot be undone, asked for in place: its button gives way to the question,
 * with the keyboard on the safe answer. `act` throws to report a problem, shown under it
 * (`problemOf` words it; the API's own title and detail by default).
 */
export function DangerAction({
  label,
  which,
  question,
  confirm,
  running,
  act,
  problemOf = problemText,
}: {
  /** The button: "Delete…". */
  label: string;
  /** Which one, for a screen reader when several are listed: "the feed created … by you". */
  which?: string | undefined;
  question: string;
  /** The answer that acts, and what it says meanwhile: "Yes, delete it", "Deleting…". */
  confirm: string;
  running: string;
  act: () => Promise<void>;
  problemOf?: (error: unknown) => string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await act();
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <>
      {confirming ? (
        <div className="confirm">
          <p>{question}</p>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void run()}>
              {busy ? running : confirm}
            </button>
            <button ref={keep} type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {label}
            {which ? <span className="visually-hidden"> {which}</span> : null}
          </button>
        </div>
      )}
      {problem ? (
        <p className="status error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
