import { useEffect, useState } from "react";
import { AGREEMENTS_A_PAGE, useAgreementPages, useCatalog } from "../api/reads.ts";
import { namer } from "../lib/names.ts";
import { Link, useLocation } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { withView } from "../lib/view-state.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";

export function AgreementsPage() {
  const [pages, setPages] = useState(1);
  const agreements = useAgreementPages(pages);
  const names = namer(useCatalog().data);
  const { search } = useLocation();
  const { canEdit } = useSession();
  useEffect(() => {
    document.title = "Agreements · Termline";
  }, []);
  return (
    <>
      <h1>Agreements</h1>
      <p>
        <Link to="/changes">Changes across every agreement</Link>: the whole audit trail, filtered
        and exported as CSV.
      </p>
      {canEdit ? (
        <p>
          <Link className="button primary" to="/agreements/new">
            New agreement
          </Link>
        </p>
      ) : null}
      {agreements.data?.items.length === 0 ? (
        <p>
          No agreements yet.{" "}
          {canEdit ? (
            <>
              Set up the <Link to="/catalog">catalog</Link>, then record one.
            </>
          ) : (
            "An editor records them."
          )}
        </p>
      ) : null}
      {agreements.loading ? <Loading what="the agreements" /> : null}
      {agreements.error ? (
        <ErrorNote error={agreements.error} what="the agreements" retry={agreements.reload} />
      ) : null}
      <ul className="cards">
        {agreements.data?.items.map((agreement) => (
          <li key={agreement.id} className="card">
            <h2>
              <Link to={withView(`/agreements/${agreement.id}`, search)}>{agreement.title}</Link>
            </h2>
            <p className="muted">
              {agreement.kind} · {agreement.status} · version {agreement.version}
            </p>
            <p>
              {agreement.parties
                .map((party) => `${names.party(party.party)} (${party.role})`)
                .join(", ")}
            </p>
          </li>
        ))}
      </ul>
      {agreements.data?.next === undefined ? null : (
        <p>
          <button type="button" disabled={agreements.loading} onClick={() => setPages(pages + 1)}>
            Show the next {AGREEMENTS_A_PAGE} agreements
          </button>
        </p>
      )}
    </>
  );
}
