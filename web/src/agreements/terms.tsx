import type { Term } from "../api/types.ts";
import { Sources } from "../ui/sources.tsx";
import { effectiveText, STATUS_TEXT } from "./format.ts";
import { KIND_LABEL } from "./term-name.ts";

export function Terms({ terms }: { terms: readonly Term[] }) {
  if (terms.length === 0) return <p>No terms recorded.</p>;
  return (
    // Focusable, so a keyboard can scroll the table when it is wider than a phone.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label="Terms (scrolls sideways)">
      <table className="terms" data-testid="terms">
        <thead>
          <tr>
            <th scope="col">Term</th>
            <th scope="col">Status</th>
            <th scope="col">Effective</th>
            <th scope="col">Sources</th>
          </tr>
        </thead>
        <tbody>
          {terms.map((term) => (
            <tr key={term.id} id={`term-${term.id}`} data-term={term.id} data-status={term.status}>
              <th scope="row" title={term.id}>
                <span className={`kind kind-${term.kind}`}>
                  {KIND_LABEL[term.kind] ?? term.kind}
                </span>
                <p>{term.summary}</p>
              </th>
              <td>
                <span className={`term-status status-${term.status}`}>
                  {STATUS_TEXT[term.status]}
                </span>
              </td>
              <td>{effectiveText(term)}</td>
              <td>
                <Sources sources={term.sources} inline />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
