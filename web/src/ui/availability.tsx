import { AXIS_END, AXIS_START, daysBetween, describeDate } from "../lib/dates.ts";
import { type AvailabilityWindow, useAvailability } from "../lib/screen-reads.ts";
import { CertaintyMark } from "./certainty.tsx";
import { DecisionBadge } from "./decision.tsx";
import { ErrorNote, Loading } from "./status.tsx";

const SPAN = daysBetween(AXIS_START, AXIS_END) + 1;

function period(window: AvailabilityWindow): string {
  const from = window.from <= AXIS_START ? "Until" : `From ${describeDate(window.from)}`;
  if (window.to >= AXIS_END) return window.from <= AXIS_START ? "Throughout" : `${from} on`;
  return window.from <= AXIS_START
    ? `Until ${describeDate(window.to)}`
    : `${from} to ${describeDate(window.to)}`;
}

/**
 * When a provider may serve a product over the scrubber's range (2019–2034): a bar of windows
 * coloured by decision (with words beside, never colour alone), and the same as a list.
 */
export function AvailabilityWindows({
  product,
  provider,
  segment,
  title,
}: {
  product: string;
  provider: string;
  segment: string;
  title: string;
}) {
  const availability = useAvailability({ product, provider, segment });
  if (availability.loading) return <Loading what="the availability windows" />;
  if (availability.error)
    return (
      <ErrorNote
        error={availability.error}
        what="the availability windows"
        retry={availability.reload}
      />
    );
  const windows = availability.data?.windows ?? [];
  return (
    <div className="availability" data-testid="availability">
      <p className="availability-title">{title}, 2019–2034</p>
      <div className="availability-bar" aria-hidden="true">
        {windows.map((window) => (
          <span
            key={window.from}
            className={`cell-${window.decision}${window.certainty === "uncertain" ? " cell-uncertain" : ""}`}
            style={{ width: `${((daysBetween(window.from, window.to) + 1) / SPAN) * 100}%` }}
          />
        ))}
      </div>
      <ol className="availability-list">
        {windows.map((window) => (
          <li key={window.from} data-decision={window.decision} data-from={window.from}>
            <span>{period(window)}:</span> <DecisionBadge decision={window.decision} />
            <CertaintyMark certainty={window.certainty} visible />
          </li>
        ))}
      </ol>
    </div>
  );
}
