import { useEffect, useState } from "react";
import { TIMELINE_ROWS, useAgreementDetailsPage } from "../api/reads.ts";
import { AXIS_END, AXIS_START, describeDate, todayUtc } from "../lib/dates.ts";
import { useViewState } from "../lib/view-state.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { TimelineChart } from "./chart.tsx";

export default function TimelinePage() {
  const { at } = useViewState();
  // The pages read so far: where each starts, and how many agreements the earlier ones showed.
  const [pages, setPages] = useState<Shown[]>([{ shownBefore: 0 }]);
  const current = pages.at(-1) ?? { shownBefore: 0 };
  const page = useAgreementDetailsPage(AXIS_END, current.cursor);
  useEffect(() => {
    document.title = "Timeline · Termline";
  }, []);
  return (
    <>
      <h1>Timeline</h1>
      <p className="lede">
        Each agreement's terms from {AXIS_START.slice(0, 4)} to {AXIS_END.slice(0, 4)},{" "}
        {TIMELINE_ROWS} agreements at a time. Striped bars are exclusive rights; faded, dashed ends
        are dates known only to the month or year; diamonds are deadlines (a bracket when only the
        year or month is known), with their alerts as small ticks. Select a bar to open its
        agreement.
      </p>
      <ul className="legend timeline-legend" aria-label="Legend">
        <li>
          <svg width="28" height="12" aria-hidden="true">
            <rect width="28" height="12" className="bar exclusive" />
          </svg>{" "}
          Exclusive right
        </li>
        <li>
          <svg width="28" height="12" aria-hidden="true">
            <rect width="28" height="12" className="bar right" />
          </svg>{" "}
          Non-exclusive right or priority
        </li>
        <li>
          <svg width="28" height="12" aria-hidden="true">
            <rect width="28" height="12" className="bar other" />
          </svg>{" "}
          Other term (money, licence, clause)
        </li>
        <li>
          <svg width="28" height="12" aria-hidden="true">
            <rect width="28" height="12" className="fuzzy" />
          </svg>{" "}
          Known only to the month or year
        </li>
        <li>
          <span className="legend-today" aria-hidden="true" /> Today ({describeDate(todayUtc())})
        </li>
        <li>
          <span className="legend-at" aria-hidden="true" /> Chosen date ({describeDate(at)})
        </li>
      </ul>
      {page.error ? (
        <ErrorNote error={page.error} what="the agreements" retry={page.reload} />
      ) : null}
      {page.data ? (
        <>
          <Pager
            shown={page.stale ? undefined : page.data.agreements.length}
            current={current}
            next={page.stale ? undefined : page.data.next}
            onPrevious={pages.length > 1 ? () => setPages(pages.slice(0, -1)) : undefined}
            onNext={(cursor) =>
              setPages([
                ...pages,
                { cursor, shownBefore: current.shownBefore + (page.data?.agreements.length ?? 0) },
              ])
            }
          />
          <TimelineChart
            agreements={page.data.agreements}
            deadlines={page.data.deadlines ?? []}
            at={at}
            today={todayUtc()}
          />
        </>
      ) : (
        <Loading what="the timeline" />
      )}
    </>
  );
}

interface Shown {
  cursor?: string;
  shownBefore: number;
}

/** Which agreements are drawn, and the way to the next or previous ones: only with more than one page. */
function Pager({
  shown,
  current,
  next,
  onPrevious,
  onNext,
}: {
  /** Undefined while the page loads. */
  shown: number | undefined;
  current: Shown;
  next: string | undefined;
  onPrevious: (() => void) | undefined;
  onNext: (cursor: string) => void;
}) {
  if (!onPrevious && next === undefined) return null;
  const first = current.shownBefore + 1;
  return (
    <nav className="pager" aria-label="Agreements drawn">
      <span aria-live="polite">
        {shown === undefined
          ? `Agreements from ${first}, loading…`
          : `Agreements ${first}–${current.shownBefore + shown}${next === undefined ? ", the last" : ""}`}
      </span>
      <button type="button" disabled={!onPrevious} onClick={onPrevious}>
        Previous {TIMELINE_ROWS}
      </button>
      <button
        type="button"
        disabled={next === undefined}
        onClick={() => (next === undefined ? undefined : onNext(next))}
      >
        Next {TIMELINE_ROWS}
      </button>
    </nav>
  );
}
