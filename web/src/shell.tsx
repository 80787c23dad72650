import type { ReactNode, RefObject } from "react";
import { Link, useLocation } from "./lib/router.tsx";
import { useSession } from "./lib/session.tsx";
import { withView } from "./lib/view-state.ts";
import { useFocusableScrollRegions } from "./ui/scroll-regions.ts";

/** `admin`: shown to admins only (the API refuses everyone else anyway). */
const SCREENS: { path: string; label: string; admin?: true }[] = [
  { path: "/home", label: "Home" },
  { path: "/", label: "Entitlements" },
  { path: "/timeline", label: "Timeline" },
  { path: "/agreements", label: "Agreements" },
  { path: "/workloads", label: "Workloads" },
  { path: "/deadlines", label: "Deadlines" },
  { path: "/conflicts", label: "Conflicts" },
  // The tenant-wide history (web/src/audit, built on another branch).
  { path: "/changes", label: "Changes" },
  { path: "/catalog", label: "Catalog" },
  { path: "/import-export", label: "Import/Export", admin: true },
  { path: "/outbox", label: "Outbox", admin: true },
  { path: "/webhooks", label: "Webhooks", admin: true },
];

const ROLE_TEXT = { viewer: "viewer (read only)", editor: "editor", admin: "admin" } as const;

export function Shell({
  children,
  mainRef,
}: {
  children: ReactNode;
  mainRef: RefObject<HTMLElement | null>;
}) {
  const { me, signOut } = useSession();
  useFocusableScrollRegions();
  const { path, search } = useLocation();
  const current = (screen: string) =>
    screen === "/" ? path === "/" : path === screen || path.startsWith(`${screen}/`);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to={withView("/home", search)} className="brand">
          Termline
        </Link>
        <nav aria-label="Main">
          <ul>
            {SCREENS.filter((screen) => !screen.admin || me.role === "admin").map((screen) => (
              <li key={screen.path}>
                <Link
                  to={withView(screen.path, search)}
                  aria-current={current(screen.path) ? "page" : undefined}
                >
                  {screen.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who" data-testid="who">
          <span>
            Tenant <strong data-testid="tenant">{me.tenant}</strong>
          </span>
          <span>
            {me.name} · <strong data-testid="role">{ROLE_TEXT[me.role]}</strong>
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
      <footer className="site-foot">
        {/* A plain link: the reference is a page of the API, outside this app's routes. */}
        <a href="/api/v1/docs">API reference</a> · every date in UTC, written day month year
      </footer>
    </>
  );
}
