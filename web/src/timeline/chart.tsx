import type { MouseEvent } from "react";
import { effectiveText } from "../agreements/format.ts";
import { termName } from "../agreements/term-name.ts";
import { agreementSpan, termChanges } from "../api/extras.ts";
import type { Agreement, Deadline, Term } from "../api/types.ts";
import { AXIS_END, addDays, describeDate, periodOf } from "../lib/dates.ts";
import { navigate } from "../lib/router.tsx";
import { barOf, LABEL_WIDTH, PLOT_WIDTH, ROW_HEIGHT, xOf, YEARS } from "./geometry.ts";

const TOP = 30;
const WIDTH = LABEL_WIDTH + PLOT_WIDTH + 10;
const BAR = 12;

const barClass = (term: Term) =>
  term.kind === "exclusivity"
    ? "bar exclusive"
    : term.kind === "distribution-right" || term.kind === "first-ship-priority"
      ? "bar right"
      : "bar other";

function follow(href: string) {
  return (event: MouseEvent) => {
    event.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
}

/** A term's row label: what the agreement page calls it, cut to the label's width. */
const shortName = (term: Term) => {
  const name = termName(term);
  return name.length > 34 ? `${name.slice(0, 33)}…` : name;
};

const width = (from: string, to: string) => Math.max(xOf(to) - xOf(from), 1.5);

function TermBar({ term, href, y }: { term: Term; href: string; y: number }) {
  const bar = barOf(term);
  const solidFrom = bar.fuzzyStart ? addDays(bar.fuzzyStart.end, 1) : bar.from;
  const solidTo = bar.fuzzyEnd ? addDays(bar.fuzzyEnd.start, -1) : (bar.to ?? AXIS_END);
  const top = y + (ROW_HEIGHT - BAR) / 2;
  const label = `${termName(term)}: ${effectiveText(term)}. ${term.summary}`;
  return (
    <a
      href={href}
      onClick={follow(href)}
      aria-label={`${label} Open the agreement.`}
      className="term-link"
      data-term={term.id}
      data-from={bar.from}
      data-to={bar.to ?? ""}
    >
      <title>{label}</title>
      {bar.fuzzyStart ? (
        <rect
          className="fuzzy"
          x={xOf(bar.fuzzyStart.start)}
          y={top}
          width={width(bar.fuzzyStart.start, bar.fuzzyStart.end)}
          height={BAR}
        />
      ) : null}
      {solidFrom <= solidTo ? (
        <rect
          className={barClass(term)}
          x={xOf(solidFrom)}
          y={top}
          width={width(solidFrom, solidTo)}
          height={BAR}
        />
      ) : null}
      {bar.fuzzyEnd ? (
        <rect
          className="fuzzy"
          x={xOf(bar.fuzzyEnd.start)}
          y={top}
          width={width(bar.fuzzyEnd.start, bar.fuzzyEnd.end)}
          height={BAR}
        />
      ) : null}
      {bar.open ? (
        <polygon
          className="open-end"
          points={`${xOf(AXIS_END)},${top - 2} ${xOf(AXIS_END) + 7},${top + BAR / 2} ${xOf(AXIS_END)},${top + BAR + 2}`}
        />
      ) : null}
      {termChanges(term).map((change) => (
        <line
          key={`${change.on}-${change.version ?? ""}`}
          className="change-tick"
          x1={xOf(change.on)}
          x2={xOf(change.on)}
          y1={top - 2}
          y2={top + BAR + 2}
        />
      ))}
    </a>
  );
}

function DeadlineMark({ deadline, href, y }: { deadline: Deadline; href: string; y: number }) {
  const middle = y + ROW_HEIGHT / 2;
  const period = periodOf(deadline.date, deadline.precision);
  const alerts = deadline.alerts.map(
    (alert) => `${alert.leadDays} days before (${describeDate(alert.on)})`,
  );
  const label = `Deadline: ${deadline.summary}. Alerts: ${alerts.join(", ") || "none"}.`;
  const x = xOf(deadline.date);
  return (
    <a
      href={href}
      onClick={follow(href)}
      aria-label={label}
      className="deadline-mark"
      data-deadline={deadline.id}
      data-date={deadline.date}
      data-precision={deadline.precision}
    >
      <title>{label}</title>
      {deadline.precision === "day" ? (
        <polygon
          className="deadline"
          points={`${x},${middle - 7} ${x + 7},${middle} ${x},${middle + 7} ${x - 7},${middle}`}
        />
      ) : (
        <path
          className="deadline range"
          d={`M${xOf(period.start)},${middle - 6} v12 M${xOf(period.start)},${middle} H${xOf(period.end)} M${xOf(period.end)},${middle - 6} v12`}
        />
      )}
      {deadline.alerts.map((alert) => (
        <polygon
          key={alert.leadDays}
          className="alert-tick"
          points={`${xOf(alert.on) - 3},${y + 1} ${xOf(alert.on) + 3},${y + 1} ${xOf(alert.on)},${y + 6}`}
        />
      ))}
    </a>
  );
}

/** The agreement's own life, a thin line under its title; fuzzy where its dates are. */
function AgreementSpan({ agreement, y }: { agreement: Agreement; y: number }) {
  const { start, end } = agreementSpan(agreement);
  if (!start) return null;
  const line = y + ROW_HEIGHT - 4;
  const from = start.precision === "day" ? start.on : periodOf(start.on, start.precision).end;
  const endPeriod = end ? periodOf(end.on, end.precision) : null;
  const to = endPeriod ? (end?.precision === "day" ? endPeriod.end : endPeriod.start) : AXIS_END;
  return (
    <g className="agreement-span">
      {start.precision === "day" ? null : (
        <rect
          className="fuzzy"
          x={xOf(periodOf(start.on, start.precision).start)}
          y={line - 2}
          width={width(periodOf(start.on, start.precision).start, from)}
          height={4}
        />
      )}
      <rect className="span" x={xOf(from)} y={line - 1.5} width={width(from, to)} height={3} />
      {endPeriod && end?.precision !== "day" ? (
        <rect
          className="fuzzy"
          x={xOf(endPeriod.start)}
          y={line - 2}
          width={width(endPeriod.start, endPeriod.end)}
          height={4}
        />
      ) : null}
    </g>
  );
}

export function TimelineChart({
  agreements,
  deadlines,
  at,
  today,
}: {
  agreements: readonly Agreement[];
  deadlines: readonly Deadline[];
  at: string;
  today: string;
}) {
  let row = 0;
  const rows = agreements.map((agreement) => {
    const headerY = TOP + row * ROW_HEIGHT;
    row += 1;
    const href = `/agreements/${agreement.id}?at=${at}`;
    const own = deadlines.filter((deadline) => deadline.agreementId === agreement.id);
    const terms = agreement.terms.map((term) => ({ term, y: TOP + row++ * ROW_HEIGHT }));
    const rowOf = (deadline: Deadline) =>
      terms.find(({ term }) => term.id === deadline.termId)?.y ?? headerY;
    return (
      <g key={agreement.id} data-agreement={agreement.id}>
        <rect className="row-band" x={0} y={headerY} width={WIDTH} height={ROW_HEIGHT} />
        <AgreementSpan agreement={agreement} y={headerY} />
        <a href={href} onClick={follow(href)} className="agreement-link">
          <text className="agreement-label" x={6} y={headerY + 15}>
            {agreement.title}
            {agreement.terms.length === 0 ? " (no terms reported)" : ""}
          </text>
        </a>
        {terms.map(({ term, y }) => (
          <g key={term.id}>
            <text className="term-label" x={16} y={y + 16}>
              {shortName(term)}
            </text>
            <TermBar term={term} y={y} href={`${href}#term-${term.id}`} />
          </g>
        ))}
        {own.map((deadline) => (
          <DeadlineMark key={deadline.id} deadline={deadline} y={rowOf(deadline)} href={href} />
        ))}
      </g>
    );
  });
  const height = TOP + row * ROW_HEIGHT + 8;
  return (
    <figure className="timeline-scroll">
      <figcaption className="visually-hidden">
        Agreements and their terms on a time axis from 2019 to 2034
      </figcaption>
      <svg className="timeline" data-testid="timeline" viewBox={`0 0 ${WIDTH} ${height}`}>
        <title>Timeline of agreements and terms, 2019–2034</title>
        <defs>
          <pattern
            id="stripes"
            patternUnits="userSpaceOnUse"
            width="6"
            height="6"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="stripe-bg" />
            <rect width="3" height="6" className="stripe-fg" />
          </pattern>
        </defs>
        {YEARS.map((year) => (
          <g key={year} className="year">
            <line x1={xOf(`${year}-01-01`)} x2={xOf(`${year}-01-01`)} y1={TOP - 6} y2={height} />
            <text x={xOf(`${year}-01-01`) + 2} y={TOP - 10}>
              {year}
            </text>
          </g>
        ))}
        {rows}
        <g className="today-line" data-date={today}>
          <line x1={xOf(today)} x2={xOf(today)} y1={TOP - 20} y2={height} />
          <text x={xOf(today) + 3} y={TOP - 22}>
            Today
          </text>
        </g>
        <line className="at-line" x1={xOf(at)} x2={xOf(at)} y1={TOP} y2={height} />
      </svg>
    </figure>
  );
}
