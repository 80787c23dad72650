import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useCatalog, useMatrix, useMatrixChanges } from "../api/reads.ts";
import type { Cell } from "../api/types.ts";
import { offered } from "../lib/catalog.ts";
import { describeDate, describeInstant } from "../lib/dates.ts";
import { namer } from "../lib/names.ts";
import { Link, setQuery, useQuery } from "../lib/router.tsx";
import { useViewState } from "../lib/view-state.ts";
import { CertaintyMark } from "../ui/certainty.tsx";
import { InstantField } from "../ui/date-field.tsx";
import { DecisionBadge, DecisionLegend } from "../ui/decision.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { changeDates } from "./change-dates.ts";
import { nextCell } from "./grid-keys.ts";
import { Reasons } from "./reasons.tsx";
import { Scrubber } from "./scrubber.tsx";

export function MatrixPage() {
  const { at, segment, setAt, setSegment } = useViewState();
  const catalog = useCatalog();
  const knownAt = useQuery().get("knownAt") ?? undefined;
  const matrix = useMatrix(at, segment, knownAt);
  const [active, setActive] = useState({ row: 0, col: 0 });
  const tableRef = useRef<HTMLTableElement>(null);
  const changes = useMatrixChanges(segment, knownAt);
  const [selected, setSelected] = useState<{ product: string; provider: string } | null>(null);
  const segmentId = useId();
  const names = namer(catalog.data);
  const dates = useMemo(
    () => changeDates(changes.data?.changes ?? [], names),
    [changes.data, names],
  );
  // The segments on offer are the tenant's own; one named only in the URL still shows as chosen.
  const segments = offered(catalog.data?.segments ?? [], [segment]);
  const reasonsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = "Entitlements · Termline";
  }, []);

  const cellOf = (product: string, provider: string): Cell | undefined =>
    matrix.data?.cells.find((cell) => cell.product === product && cell.provider === provider);
  const chosen = selected ? cellOf(selected.product, selected.provider) : undefined;

  const choose = (product: string, provider: string, row: number, col: number) => {
    setSelected({ product, provider });
    setActive({ row, col });
    requestAnimationFrame(() => reasonsRef.current?.querySelector("h2")?.focus());
  };
  const focusCell = (row: number, col: number) => {
    setActive({ row, col });
    tableRef.current
      ?.querySelector<HTMLButtonElement>(`button[data-row="${row}"][data-col="${col}"]`)
      ?.focus();
  };
  // Closing the reasons puts the keyboard back on the cell they were for.
  const close = () => {
    setSelected(null);
    requestAnimationFrame(() => focusCell(active.row, active.col));
  };

  return (
    <>
      <h1>Entitlements</h1>
      <p className="lede">
        Which provider may serve which product on a date, and why. Pick a cell to see the terms,
        agreements, events and sources behind it.
      </p>
      <div className="controls">
        <Scrubber at={at} dates={dates} onChange={setAt} />
        <InstantField
          label="As known at"
          value={knownAt}
          onChange={(instant) => setQuery({ knownAt: instant })}
        />
        <div className="field">
          <label htmlFor={segmentId}>Segment</label>
          <select
            id={segmentId}
            value={segment}
            onChange={(event) => setSegment(event.target.value)}
          >
            {segments.some((entry) => entry.id === segment) ? null : (
              <option value={segment}>{segment}</option>
            )}
            {segments.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {changes.error ? (
        <ErrorNote
          error={changes.error}
          what="the dates the matrix changes"
          retry={changes.reload}
        />
      ) : null}
      <DecisionLegend uncertain />
      {matrix.error ? (
        <ErrorNote error={matrix.error} what={`entitlements for ${at}`} retry={matrix.reload} />
      ) : null}
      {matrix.loading ? <Loading what={`entitlements for ${describeDate(at)}`} /> : null}
      {matrix.data &&
      !matrix.stale &&
      (matrix.data.products.length === 0 || matrix.data.providers.length === 0) ? (
        <p className="status notice" role="status" data-testid="empty-matrix">
          The catalog has no {matrix.data.products.length === 0 ? "products" : "providers"} yet, so
          there is nothing to decide. <Link to="/catalog">Set up the catalog</Link>, then record
          agreements.
        </p>
      ) : null}
      {matrix.data && matrix.data.products.length > 0 && matrix.data.providers.length > 0 ? (
        <div className="matrix-scroll">
          <p className="scroll-hint" aria-hidden="true">
            Swipe sideways for more providers →
          </p>
          <table
            ref={tableRef}
            onKeyDown={(event) => {
              const next = nextCell(
                event,
                matrix.data?.products.length ?? 0,
                matrix.data?.providers.length ?? 0,
              );
              if (!next) return;
              event.preventDefault();
              focusCell(next.row, next.col);
            }}
            aria-describedby="matrix-keys"
            className={matrix.stale ? "matrix stale" : "matrix"}
            data-testid="matrix"
            data-at={matrix.stale ? "" : matrix.data.at}
            aria-busy={matrix.loading}
          >
            <caption>
              {names.segment(matrix.data.segment)} segment, {describeDate(matrix.data.at)}
              {knownAt ? `, as recorded by ${describeInstant(knownAt)}` : ""}
              <span id="matrix-keys" className="visually-hidden">
                {" "}
                Arrow keys move between cells; Enter shows a cell's reasons.
              </span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Product \ provider</th>
                {matrix.data.providers.map((provider) => (
                  <th key={provider} scope="col" title={`Provider id: ${provider}`}>
                    {names.provider(provider)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.data.products.map((product, row) => (
                <tr key={product}>
                  <th scope="row" title={`Product id: ${product}`}>
                    {names.product(product)}
                  </th>
                  {matrix.data?.providers.map((provider, col) => {
                    const cell = cellOf(product, provider);
                    if (!cell) return <td key={provider}>—</td>;
                    const isChosen =
                      selected?.product === product && selected.provider === provider;
                    const uncertain = cell.certainty === "uncertain";
                    return (
                      <td
                        key={provider}
                        className={`cell cell-${cell.decision}${uncertain ? " cell-uncertain" : ""}`}
                      >
                        <button
                          type="button"
                          data-product={product}
                          data-provider={provider}
                          data-decision={cell.decision}
                          data-certainty={cell.certainty}
                          data-row={row}
                          data-col={col}
                          tabIndex={active.row === row && active.col === col ? 0 : -1}
                          onFocus={() => setActive({ row, col })}
                          aria-pressed={isChosen}
                          aria-label={`${names.product(product)} on ${names.provider(provider)}: ${cell.decision}${uncertain ? ", uncertain" : ""}. Show the reasons.`}
                          onClick={() => choose(product, provider, row, col)}
                        >
                          <DecisionBadge decision={cell.decision} />
                          <CertaintyMark certainty={cell.certainty} />
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div ref={reasonsRef}>
        {chosen && matrix.data ? (
          <Reasons
            cell={chosen}
            segment={matrix.data.segment}
            at={matrix.data.at}
            knownAt={knownAt}
            names={names}
            onClose={close}
          />
        ) : null}
      </div>
    </>
  );
}
