import { lazy, type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { AgreementsPage } from "./agreements/agreements-page.tsx";
import { ApiError, setApiToken, whenUnauthenticated } from "./api/client.ts";
import type { Me } from "./api/types.ts";
import { SignIn, whoIs } from "./auth/sign-in.tsx";
import { invalidateAll } from "./lib/resource.ts";
import { match, useLocation } from "./lib/router.tsx";
import { forgetToken, SessionProvider, storedToken, storeToken } from "./lib/session.tsx";
import { MatrixPage } from "./matrix/matrix-page.tsx";
import { Shell } from "./shell.tsx";
import { ErrorNote, Loading } from "./ui/status.tsx";

const TimelinePage = lazy(() => import("./timeline/timeline-page.tsx"));
// The agreement page carries the history and its diffs: loaded when an agreement is opened.
const AgreementPage = lazy(() =>
  import("./agreements/agreement-page.tsx").then(({ AgreementPage }) => ({
    default: AgreementPage,
  })),
);
const RecordPage = lazy(() => import("./record/record-page.tsx"));
const WorkloadsPage = lazy(() => import("./workloads/workloads-page.tsx"));
const DeadlinesPage = lazy(() => import("./deadlines/deadlines-page.tsx"));
const CatalogPage = lazy(() => import("./catalog/catalog-page.tsx"));
const TransferPage = lazy(() => import("./transfer/transfer-page.tsx"));
const NewAgreementPage = lazy(() => import("./record/new-agreement-page.tsx"));
const OutboxPage = lazy(() => import("./outbox/outbox-page.tsx"));
const WebhooksPage = lazy(() => import("./webhooks/webhooks-page.tsx"));
const ChangesPage = lazy(() => import("./audit/changes-page.tsx"));
const HomePage = lazy(() => import("./home/home-page.tsx"));
const ConflictsPage = lazy(() => import("./conflicts/conflicts-page.tsx"));

type Auth =
  | { state: "checking" }
  | { state: "signed-out"; notice?: string }
  | { state: "signed-in"; token: string; me: Me }
  | { state: "failed"; error: unknown; token: string };

function Routes({ path }: { path: string }): ReactNode {
  if (path === "/") return <MatrixPage />;
  if (path === "/home") return <HomePage />;
  if (path === "/conflicts") return <ConflictsPage />;
  if (path === "/timeline") return <TimelinePage />;
  if (path === "/agreements") return <AgreementsPage />;
  if (path === "/workloads") return <WorkloadsPage />;
  if (path === "/deadlines") return <DeadlinesPage />;
  if (path === "/catalog") return <CatalogPage />;
  if (path === "/import-export") return <TransferPage />;
  if (path === "/outbox") return <OutboxPage />;
  if (path === "/webhooks") return <WebhooksPage />;
  if (path === "/changes") return <ChangesPage />;
  // Before "/agreements/:id": an agreement cannot be called "new" in the UI.
  if (path === "/agreements/new") return <NewAgreementPage />;
  // Keyed by the agreement: moving from one agreement's page to another's (back and forward
  // between them) starts afresh, so no draft, base version or data of the other one remains.
  const record = match("/agreements/:id/record", path);
  if (record?.id) return <RecordPage key={record.id} id={record.id} />;
  const agreement = match("/agreements/:id", path);
  if (agreement?.id) return <AgreementPage key={agreement.id} id={agreement.id} />;
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page at {path}. Use the navigation above.</p>
    </>
  );
}

export function App() {
  const [auth, setAuth] = useState<Auth>(() => {
    const token = storedToken();
    return token ? { state: "checking" } : { state: "signed-out" };
  });
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(path);

  const signOut = useCallback((notice?: string) => {
    forgetToken();
    setApiToken(null);
    invalidateAll();
    setAuth(notice ? { state: "signed-out", notice } : { state: "signed-out" });
  }, []);

  // A 401 on any call while signed in (a revoked token) signs out; a bad token at sign-in does not.
  const signedIn = useRef(false);
  signedIn.current = auth.state === "signed-in";
  useEffect(() => {
    whenUnauthenticated(() => {
      if (signedIn.current) signOut("Your token is no longer accepted. Sign in again.");
    });
    const token = storedToken();
    if (!token) return;
    whoIs(token).then(
      (me) => setAuth({ state: "signed-in", token, me }),
      (error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401))
          return setAuth({ state: "failed", error, token });
        forgetToken();
        setAuth({
          state: "signed-out",
          notice: "Your saved token is no longer accepted. Sign in again.",
        });
      },
    );
  }, [signOut]);

  // Moving between screens puts the keyboard and screen reader at the new screen's start.
  useEffect(() => {
    if (path !== firstPath.current) main.current?.focus();
    firstPath.current = "";
  }, [path]);

  if (auth.state === "checking") return <Loading what="your session" />;
  if (auth.state === "signed-out")
    return (
      <SignIn
        notice={auth.notice}
        onSignedIn={(token, me) => {
          storeToken(token);
          setAuth({ state: "signed-in", token, me });
        }}
      />
    );
  if (auth.state === "failed")
    return (
      <main id="main">
        <ErrorNote error={auth.error} what="your session" retry={() => window.location.reload()} />
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </main>
    );

  const session = {
    me: auth.me,
    token: auth.token,
    canEdit: auth.me.role !== "viewer",
    signOut: () => signOut("You are signed out."),
  };
  return (
    <SessionProvider value={session}>
      <Shell mainRef={main}>
        <Suspense fallback={<Loading what="the screen" />}>
          <Routes path={path} />
        </Suspense>
      </Shell>
    </SessionProvider>
  );
}
