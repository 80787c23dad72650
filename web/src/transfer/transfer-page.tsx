import { useEffect } from "react";
import { useSession } from "../lib/session.tsx";
import { ExportPanel } from "./export-panel.tsx";
import { ImportPanel } from "./import-panel.tsx";

/** Moving a tenant's data in and out: admins only, since an export holds everything and an import writes everywhere. */
export default function TransferPage() {
  const { me } = useSession();
  useEffect(() => {
    document.title = "Import and export · Termline";
  }, []);
  return (
    <>
      <h1>Import and export</h1>
      {me.role === "admin" ? (
        <>
          <ExportPanel />
          <ImportPanel />
        </>
      ) : (
        <p className="status notice" role="status">
          Your role ({me.role}) cannot move a tenant's data in or out. Ask an admin.
        </p>
      )}
    </>
  );
}
