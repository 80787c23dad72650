import { useAgreementTitles } from "../api/reads.ts";
import { describeDate } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";
import { Link } from "../lib/router.tsx";
import type { ConflictPeriod } from "../lib/screen-reads.ts";
import { Sources } from "../ui/sources.tsx";

/** "from 27 Apr 2026 to 30 Jun 2026", "from 27 Apr 2026 on" (the range's end is not the conflict's). */
export function conflictPeriod(conflict: ConflictPeriod, rangeEnd: string): string {
  return conflict.to >= rangeEnd
    ? `from ${describeDate(conflict.from)} on`
    : `from ${describeDate(conflict.from)} to ${describeDate(conflict.to)}`;
}

/** A term's summary ends with its agreement's title, which the list links to instead. */
const withoutAgreement = (summary: string, title: string) =>
  summary.endsWith(` (${title})`) ? summary.slice(0, -(title.length + 3)) : summary;

/** Each period in which terms contradict each other, with the terms at odds and where they come from. */
export function ConflictList({
  conflicts,
  rangeEnd,
  names,
  brief = false,
}: {
  conflicts: readonly ConflictPeriod[];
  rangeEnd: string;
  names: Namer;
  brief?: boolean;
}) {
  // A brief list names no agreement, so it reads none.
  const agreementTitle = useAgreementTitles(
    brief ? [] : conflicts.flatMap(({ terms }) => terms.map(({ agreementId }) => agreementId)),
  );
  return (
    <ul className="plain-list" data-testid="conflicts">
      {conflicts.map((conflict) => (
        <li
          key={`${conflict.product}:${conflict.provider}:${conflict.segment}:${conflict.from}`}
          data-product={conflict.product}
          data-provider={conflict.provider}
        >
          <p>
            <strong>
              {names.product(conflict.product)} on {names.provider(conflict.provider)}
            </strong>{" "}
            ({names.segment(conflict.segment)}), {conflictPeriod(conflict, rangeEnd)}:{" "}
            {conflict.terms.length} terms at odds.{" "}
            <Link to={`/?at=${conflict.from}&segment=${conflict.segment}`}>
              See it in the matrix
              <span className="visually-hidden">
                {" "}
                for {names.product(conflict.product)} on {names.provider(conflict.provider)}
              </span>
            </Link>
          </p>
          {brief ? null : (
            <ul>
              {conflict.terms.map((term) => (
                <li key={`${term.agreementId}:${term.termId}`}>
                  <span title={`Term id: ${term.termId}`}>
                    {withoutAgreement(term.summary, agreementTitle(term.agreementId))}
                  </span>{" "}
                  (
                  <Link to={`/agreements/${term.agreementId}?at=${conflict.from}`}>
                    {agreementTitle(term.agreementId)}
                  </Link>
                  ). <Sources sources={term.sources} inline />
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
