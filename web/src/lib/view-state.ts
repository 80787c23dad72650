import { DEFAULT_SEGMENT } from "./catalog.ts";
import { isCalendarDate, todayUtc } from "./dates.ts";
import { setQuery, useQuery } from "./router.tsx";

/** Segments are the tenant's own (from its catalog); the URL may carry any id shaped like one. */
const SEGMENT_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * The date and segment every screen is looking at live in the URL (`?at=&segment=`), so a
 * view can be bookmarked or shared, and moving between screens keeps them.
 */
export function useViewState() {
  const query = useQuery();
  const rawAt = query.get("at");
  const rawSegment = query.get("segment");
  const at = rawAt && isCalendarDate(rawAt) ? rawAt : todayUtc();
  const segment = rawSegment && SEGMENT_ID.test(rawSegment) ? rawSegment : DEFAULT_SEGMENT;
  return {
    at,
    segment,
    setAt: (next: string) => setQuery({ at: next }),
    setSegment: (next: string) =>
      setQuery({ segment: next === DEFAULT_SEGMENT ? undefined : next }),
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
