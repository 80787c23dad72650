import { useEffect } from "react";
import { useCatalog, useCatalogEvents } from "../api/reads.ts";
import { CATALOG_KINDS } from "../lib/catalog.ts";
import { useSession } from "../lib/session.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { CatalogTrail } from "./catalog-trail.tsx";
import { KindSection } from "./kind-section.tsx";

/**
 * The tenant's catalog: what its agreements name. Everyone reads it; editors add entries,
 * rename them, move a launch date, and retire what is no longer offered (nothing is deleted,
 * since terms may name it).
 */
export default function CatalogPage() {
  const { canEdit, me } = useSession();
  const catalog = useCatalog();
  const events = useCatalogEvents();
  const data = catalog.data;
  useEffect(() => {
    document.title = "Catalog · Termline";
  }, []);
  return (
    <>
      <h1>Catalog</h1>
      <p className="lede">
        The parties, providers, products, product classes and customer segments your agreements
        name. The matrix and every form are built from it. Nothing is deleted: a retired entry
        leaves the pickers and the matrix, and what terms say about it stays.
      </p>
      {canEdit ? null : (
        <p className="status notice" role="status">
          Your role ({me.role}) can read the catalog; editors change it.
        </p>
      )}
      {catalog.error ? (
        <ErrorNote error={catalog.error} what="the catalog" retry={catalog.reload} />
      ) : null}
      {data ? (
        CATALOG_KINDS.map((kind) => (
          <KindSection key={kind} kind={kind} catalog={data} canEdit={canEdit} />
        ))
      ) : catalog.error ? null : (
        <Loading what="the catalog" />
      )}
      <section aria-labelledby="catalog-history">
        <h2 id="catalog-history">History</h2>
        <p className="hint">Every change to the catalog, newest first, with who made it.</p>
        {events.loading ? <Loading what="the catalog's history" /> : null}
        {events.error ? (
          <ErrorNote error={events.error} what="the catalog's history" retry={events.reload} />
        ) : null}
        {events.data ? <CatalogTrail events={events.data.events} /> : null}
      </section>
    </>
  );
}
