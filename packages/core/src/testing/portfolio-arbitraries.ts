import fc from "fast-check";
import { daysAfter } from "../calendar-days.ts";
import { type CalendarDate, type Precision, toFuzzy } from "../dates.ts";

/**
 * Random histories for property tests over time: what may happen to a few hand-made
 * agreements (rights granted, amended, ended, disputed, the agreement terminated or given an
 * end), on random days, months or years. `portfolio-builder.ts` turns them into states.
 */

/** Where hand-made events fall unless a test narrows them: three years from 2025-01-01. */
export const EPOCH: CalendarDate = "2025-01-01";
export const SPAN_DAYS = 3 * 365;

/** A date as an event gives it: a day, and how much of it is known. */
export interface When {
  on: CalendarDate;
  precision: Precision;
}
/** A date some days after another the op finds in the agreement (a term's start, a dispute's). */
export interface Later {
  days: number;
  precision: Precision;
}
export const written = ({ on, precision }: When) => toFuzzy(on, precision);

/** The reference catalog's ids: what the decider will accept. */
export const PRODUCTS = ["openai-api", "frontier", "stateful-runtime", "codex", "gpt-oss"];
const CLASSES = ["stateless-api", "stateful-agents", "coding-agent", "open-weight"];
const CLOUDS = ["azure", "aws", "google-cloud", "oracle-cloud"];
const PROVIDERS = [...CLOUDS, "openai-direct"];

/** A cell of the reference catalog to ask about: what the hand-made terms can reach. */
export const cellArbitrary = fc.record({
  product: fc.constantFrom(...PRODUCTS),
  provider: fc.constantFrom(...PROVIDERS),
  segment: fc.constantFrom("commercial", "government"),
});

// Most dates are known to the day; enough are not that uncertainty shows up in most runs.
const precision = fc.constantFrom<Precision>("day", "day", "day", "month", "year");
const whenIn = (epoch: CalendarDate, spanDays: number): fc.Arbitrary<When> =>
  fc.record({
    on: fc.integer({ min: 0, max: spanDays }).map((offset) => daysAfter(epoch, offset)),
    precision,
  });
const later = (maxDays: number): fc.Arbitrary<Later> =>
  fc.record({ days: fc.nat({ max: maxDays }), precision });

const slot = fc.integer({ min: 0, max: 3 });
const someOf = (items: string[]) =>
  fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: 2 });
const coverage = fc.oneof(
  fc.constant({ products: "all" }),
  someOf(PRODUCTS).map((products) => ({ products })),
  someOf(CLASSES).map((classes) => ({ classes })),
);
const segments = fc.constantFrom(undefined, ["commercial"], ["government"]);
const windowDays = fc.integer({ min: 0, max: 200 });

/**
 * The ops that can happen to an agreement. Ends, amendments, resolutions, terminations and
 * agreement ends are dated after a term or dispute they act on, so that the decider accepts
 * most and they cut through something in force; termination is rare, since nothing
 * right-bearing may follow it.
 */
const ops = (spanDays: number) => {
  const until = fc.option(later(spanDays), { nil: undefined });
  const after = later(Math.ceil(spanDays / 2));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant("exclusivity" as const),
        slot,
        holder: fc.constantFrom(...CLOUDS),
        scope: fc.constantFrom(
          "api-layer",
          "hosting",
          "third-party-cloud-distribution",
          "all-channels",
        ),
        coverage,
        segments,
        until,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant("distribution" as const),
        slot,
        providers: fc.oneof(fc.constant("any-cloud"), someOf(PROVIDERS)),
        coverage,
        segments,
        until,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("first-ship" as const),
        slot,
        holder: fc.constantFrom(...CLOUDS),
        coverage,
        windowDays: fc.option(windowDays, { nil: null }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("end" as const), slot, after }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("amend-until" as const),
        slot,
        after,
        until: later(spanDays),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant("amend-window" as const), slot, after, windowDays }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("raise" as const),
        slot,
        about: fc.option(coverage, { nil: undefined }),
        providers: fc.option(someOf(CLOUDS), { nil: undefined }),
        // Reports disagreeing on the day changes took effect: the raise's day, or so many days on.
        reportedLater: fc.oneof(
          { weight: 2, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) },
        ),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("resolve" as const), slot, after }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("terminate" as const), slot, after }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("ends-on" as const), slot, after }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("retract" as const), pick: fc.nat() }) },
    // Questions change no answer: asked and answered, they must leave every answer as it was.
    { weight: 1, arbitrary: fc.record({ op: fc.constant("ask" as const), slot }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("answer" as const), pick: fc.nat() }) },
  );
};
type OpFields = ReturnType<typeof ops> extends fc.Arbitrary<infer T> ? T : never;
/** One step of an agreement's history; `when` dates what is not dated after something else. */
export type Op = OpFields & { when: When };

export interface Dating {
  /** The first day events may fall on. */
  epoch?: CalendarDate;
  /** How many days after `epoch` they may fall. */
  spanDays?: number;
}

/** One op on a random date of the span: an agreement's next step. */
export const opArbitrary = ({ epoch = EPOCH, spanDays = SPAN_DAYS }: Dating = {}) =>
  fc
    .tuple(whenIn(epoch, spanDays), ops(spanDays))
    .map(([when, fields]): Op => ({ ...fields, when }));

export interface PortfolioOps {
  agreements: Op[][];
  /** A product the catalog dates, and when. */
  launch: { product: string; when: When } | null;
  withReference: boolean;
}

/**
 * The ops for a portfolio. `reference` says whether the reference case may join: it makes a
 * run richer and slower (its answers cost more to evaluate than a hand-made agreement's).
 */
export const portfolioOps = ({
  reference = true,
  ...dating
}: Dating & { reference?: boolean } = {}): fc.Arbitrary<PortfolioOps> =>
  fc.record({
    agreements: fc.array(fc.array(opArbitrary(dating), { minLength: 2, maxLength: 10 }), {
      minLength: 1,
      maxLength: 3,
    }),
    launch: fc.option(
      fc.record({
        product: fc.constantFrom(...PRODUCTS),
        when: whenIn(dating.epoch ?? EPOCH, dating.spanDays ?? SPAN_DAYS),
      }),
    ),
    withReference: reference ? fc.boolean() : fc.constant(false),
  });
