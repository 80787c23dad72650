import { isCalendarDate, todayUtc } from "./dates.ts";
import { setQuery, useQuery } from "./router.tsx";

export const SEGMENTS = ["commercial", "government"] as const;
export type Segment = (typeof SEGMENTS)[number];

const isSegment = (value: string | null): value is Segment => SEGMENTS.includes(value as Segment);

/**
 * The date and segment every screen is looking at live in the URL (`?at=&segment=`), so a
 * view can be bookmarked or shared, and moving between screens keeps them.
 */
export function useViewState() {
  const query = useQuery();
  const rawAt = query.get("at");
  const rawSegment = query.get("segment");
  const at = rawAt && isCalendarDate(rawAt) ? rawAt : todayUtc();
  const segment: Segment = isSegment(rawSegment) ? rawSegment : "commercial";
  return {
    at,
    segment,
    setAt: (next: string) => setQuery({ at: next }),
    setSegment: (next: Segment) => setQuery({ segment: next === "commercial" ? undefined : next }),
  };
}

/** A path that keeps the current `at` and `segment`. */
export function withView(path: string, search: string): string {
  const current = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of ["at", "segment"]) {
    const value = current.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${path}${path.includes("?") ? "&" : "?"}${query}` : path;
}
