import { useEffect } from "react";
import { useAllAgreements, useDeadlines } from "../api/reads.ts";
import { AXIS_END, AXIS_START, describeDate, todayUtc } from "../lib/dates.ts";
import { useViewState } from "../lib/view-state.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { TimelineChart } from "./chart.tsx";

export default function TimelinePage() {
  const { at } = useViewState();
  const agreements = useAllAgreements(AXIS_END);
  const deadlines = useDeadlines(AXIS_START);
  useEffect(() => {
    document.title = "Timeline · Termline";
  }, []);
  return (
    <>
      <h1>Timeline</h1>
      <p className="lede">
        Every agreement's terms from 2019 to 2034. Striped bars are exclusive rights; faded, dashed
        ends are dates known only to the month or year; diamonds are deadlines (a bracket when only
        the year or month is known), with their alerts as small ticks. Select a bar to open its
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
      {agreements.error ? (
        <ErrorNote error={agreements.error} what="the agreements" retry={agreements.reload} />
      ) : null}
      {deadlines.error ? (
        <ErrorNote error={deadlines.error} what="the deadlines" retry={deadlines.reload} />
      ) : null}
      {agreements.data && deadlines.data ? (
        <TimelineChart
          agreements={agreements.data}
          deadlines={deadlines.data.deadlines}
          at={at}
          today={todayUtc()}
        />
      ) : (
        <Loading what="the timeline" />
      )}
    </>
  );
}
