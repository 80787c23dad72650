import { type Catalog, dayAfter, daysAfter, earliestDay, latestDay, toFuzzy } from "@termline/core";
import fc from "fast-check";
import { EPOCH, SPAN_DAYS } from "../../../packages/core/src/testing/portfolio-arbitraries.ts";
import type { Delivered, Portfolio } from "./answer-harness.ts";
import type { Commit } from "./random-logs.ts";

/** What the answers model's property tests ask, and of which days and cells. */

/** Days where answers turn: each term's first day and the day after it ends. */
export function edgesOf({ agreements }: Portfolio): string[] {
  return agreements.flatMap(({ terms }) =>
    Object.values(terms).flatMap((term) => {
      const until = term.attributes.until;
      const ends = [
        ...(term.ended ? [term.ended.on] : []),
        ...(typeof until === "string" ? [latestDay(until)] : []),
      ];
      return [term.granted.on, ...ends.map(dayAfter)];
    }),
  );
}

export const cellsOf = (catalog: Catalog) =>
  catalog.segments.flatMap(({ id: segment }) =>
    catalog.products.flatMap(({ id: product }) =>
      catalog.providers.map(({ id: provider }) => ({ product, provider, segment })),
    ),
  );

/**
 * The days a commit names, where the answers it changes turn: each date of its events (when
 * it takes effect, an end, a term's new end, a launch), its last day and the day after.
 */
export function daysNamedBy({ events }: Commit): string[] {
  const dates: string[] = [];
  const named = (fuzzy: string) =>
    dates.push(earliestDay(fuzzy), latestDay(fuzzy), dayAfter(latestDay(fuzzy)));
  const visit = (value: unknown, key?: string) => {
    if (typeof value === "string" && key && DATE_FIELDS.has(key) && FUZZY.test(value)) named(value);
    else if (value && typeof value === "object")
      for (const [field, inner] of Object.entries(value)) visit(inner, field);
  };
  for (const event of events) {
    named(toFuzzy(event.effectiveOn, event.precision));
    visit(event.data);
  }
  return [...new Set(dates)];
}
const FUZZY = /^\d{4}(-\d\d){0,2}$/;
const DATE_FIELDS = new Set(["until", "endsOn", "effectiveOn", "availableFrom", "availableBy"]);

export const questions = fc.record({
  /** Days from the span's start: before, within and after what the terms say. */
  offsets: fc.array(fc.integer({ min: -400, max: SPAN_DAYS + 400 }), {
    minLength: 2,
    maxLength: 3,
  }),
  /** Picks among the days answers turn (a term's first day, the day after its end). */
  edges: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  /** Picks among the cells, retired entries included. */
  cells: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  /** Lengths, in days, of the availability ranges asked. */
  spans: fc.array(fc.nat({ max: 900 }), { minLength: 2, maxLength: 2 }),
});
export type Questions = typeof questions extends fc.Arbitrary<infer T> ? T : never;

/** Random days, days where answers turn, and the days the last commit names. */
export function datesOf(q: Questions, { folded, commits }: Delivered): string[] {
  const edges = edgesOf(folded);
  const picked = edges.length ? q.edges.map((pick) => edges[pick % edges.length] as string) : [];
  const last = commits.at(-1);
  const named = last ? daysNamedBy(last).slice(0, 2) : [];
  return [...new Set([...q.offsets.map((days) => daysAfter(EPOCH, days)), ...picked, ...named])];
}

export function cellsAsked(q: Questions, catalog: Catalog) {
  const every = cellsOf(catalog);
  const picked = q.cells.map((pick) => every[pick % every.length]);
  return [
    ...new Map(picked.flatMap((cell) => (cell ? [[JSON.stringify(cell), cell]] : []))).values(),
  ];
}

export const cellQuery = ({
  product,
  provider,
  segment,
}: {
  product: string;
  provider: string;
  segment: string;
}) => `product=${product}&provider=${provider}&segment=${segment}`;
