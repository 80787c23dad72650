import { type FormEvent, useId, useState } from "react";
import { ApiError, api, ok, setApiToken } from "../api/client.ts";
import type { Me } from "../api/types.ts";
import { describeError } from "../ui/status.tsx";

/** Checks a token by asking the API who it belongs to. */
export async function whoIs(token: string): Promise<Me> {
  setApiToken(token);
  try {
    return await ok(api.me.$get());
  } catch (error) {
    setApiToken(null);
    throw error;
  }
}

export function SignIn({
  onSignedIn,
  notice,
}: {
  onSignedIn: (token: string, me: Me) => void;
  notice?: string | undefined;
}) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError("Enter the token you were given (for example dev-viewer).");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(value, await whoIs(value));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? "This token is not known. Check it, or ask an admin for one."
          : describeError(failure).detail,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Termline</h1>
      <p className="lede">What contracts between companies allow, at any date.</p>
      {notice ? (
        <p className="status notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <label htmlFor={inputId}>Access token</label>
        <input
          id={inputId}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="hint">
          Kept for this browser tab only; closing the tab or signing out forgets it. With{" "}
          <code>npm start</code>, try <code>dev-viewer</code> (read only), <code>dev-editor</code>{" "}
          (records changes) or <code>dev-admin</code> (also imports, exports and sees the outbox).
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
