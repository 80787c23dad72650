import type { AgreementState } from "../agreement/state.ts";
import { dayAfter, dayBefore } from "../calendar-days.ts";
import type { Product } from "../catalog/catalog.ts";
import {
  type CalendarDate,
  describeDate,
  earliestDay,
  latestDay,
  type Precision,
  toFuzzy,
} from "../dates.ts";
import { agreementLabel, describeTerm } from "../views/describe-term.ts";
import type { Names } from "../views/names.ts";
import type { CellMemo } from "./cell-memo.ts";
import { generalReason, type Reason } from "./reasons.ts";
import type { TermInPlay } from "./terms-in-play.ts";

/** A date the answer depends on, known only to the month or year: it could be any day of its span. */
export interface ImpreciseSpan {
  first: CalendarDate;
  last: CalendarDate;
  fuzzy: string;
  what: "starts" | "ends" | "launches";
}

interface ImpreciseDate extends ImpreciseSpan {
  item?: TermInPlay;
}

const span = (on: CalendarDate, precision: Precision) => {
  const fuzzy = toFuzzy(on, precision);
  return { first: earliestDay(fuzzy), last: latestDay(fuzzy), fuzzy };
};

/** The imprecise dates of a term as its attributes on the asked day have them. */
function spansOf({ term, agreement, attributes }: TermInPlay): ImpreciseSpan[] {
  const found: ImpreciseSpan[] = [];
  if (term.granted.precision !== "day")
    found.push({ ...span(term.granted.on, term.granted.precision), what: "starts" });
  const until = attributes.until;
  if (typeof until === "string" && until.length < 10)
    found.push({ first: earliestDay(until), last: latestDay(until), fuzzy: until, what: "ends" });
  for (const end of [term.ended, agreement.terminated])
    if (end && end.precision !== "day")
      found.push({ ...span(end.on, end.precision), what: "ends" });
  if (agreement.endsOn && agreement.endsOn.length < 10)
    found.push({
      first: earliestDay(agreement.endsOn),
      last: latestDay(agreement.endsOn),
      fuzzy: agreement.endsOn,
      what: "ends",
    });
  return found;
}

/**
 * The imprecise dates of the term whose span holds `at`. Each term version's are worked out
 * once per cell (`memo`): a busy cell asks thousands of terms on hundreds of days.
 */
function datesOf(item: TermInPlay, at: CalendarDate, memo: CellMemo): ImpreciseDate[] {
  let byVersion = memo.dates.get(item.term);
  if (!byVersion) {
    byVersion = new Map();
    memo.dates.set(item.term, byVersion);
  }
  let spans = byVersion.get(item.attributes);
  if (!spans) {
    spans = spansOf(item);
    byVersion.set(item.attributes, spans);
  }
  const holding: ImpreciseDate[] = [];
  for (const found of spans)
    if (found.first <= at && at <= found.last) holding.push({ ...found, item });
  return holding;
}

function describe(date: ImpreciseDate, at: CalendarDate, names: Names): string {
  const when = `${date.what} ${describeDate(date.fuzzy)}`;
  if (!date.item) return `The product ${when}: until that is over it may or may not have launched`;
  const { term, agreement } = date.item;
  return `${describeTerm(term, at, names)} (${agreementLabel(agreement)}) ${when}: within that span it may or may not be in force`;
}

/**
 * The imprecise dates that put an answer in doubt: those whose span holds `at` and across
 * which the decision changes (it differs just before the span or just after it). A date
 * known only to the year that changes nothing on this cell leaves the answer certain.
 */
export function imprecisionReasons(
  items: TermInPlay[],
  product: Partial<Product>,
  at: CalendarDate,
  names: Names,
  decisionOn: (day: CalendarDate) => string,
  memo: CellMemo,
): Reason[] {
  const launch = product.availableFrom;
  const candidates = items.flatMap((item) => datesOf(item, at, memo));
  if (launch && launch.length < 10)
    candidates.push({
      first: earliestDay(launch),
      last: latestDay(launch),
      fuzzy: launch,
      what: "launches",
    });
  const now = decisionOn(at);
  return candidates
    .filter(({ first, last }) => first <= at && at <= last)
    .filter(
      ({ first, last }) =>
        decisionOn(dayBefore(first)) !== now || decisionOn(dayAfter(last)) !== now,
    )
    .map((date) => ({
      ...generalReason("imprecise-date", describe(date, at, names)),
      agreementId: date.item?.agreement.id ?? null,
      termId: date.item?.term.id ?? null,
      sources: date.item?.term.sources ?? [],
    }));
}

/**
 * Disputes over when an agreement's changes took effect ("four reports say 27 April, one says
 * 28 April"): between the two dates, a cell whose decision changes across them is uncertain,
 * and says which reports disagree. Such a dispute is about history, so it applies whenever it
 * was raised, until it is resolved.
 */
export function disputedDateReasons(
  agreements: AgreementState[],
  at: CalendarDate,
  decisionOn: (day: CalendarDate) => string,
): Reason[] {
  return agreements.flatMap((agreement) =>
    Object.values(agreement.disputes).flatMap((dispute) => {
      const disputed = dispute.concerns?.effectiveOn;
      if (!disputed || dispute.resolved) return [];
      const [first, second] = [
        earliestDay(disputed.date),
        earliestDay(disputed.alternative),
      ].sort();
      if (!first || !second || at < first || at >= second) return [];
      const now = decisionOn(at);
      if (decisionOn(dayBefore(first)) === now && decisionOn(second) === now) return [];
      const summary = `Reports disagree on when the changes to ${agreementLabel(agreement)} took effect: ${describeDate(disputed.date)} or ${describeDate(disputed.alternative)}; between the two the answer depends on which`;
      return [
        {
          ...generalReason("disputed", summary),
          agreementId: agreement.id,
          sources: dispute.sources,
        },
      ];
    }),
  );
}
