import { useEffect } from "react";
import { useCatalog } from "../api/reads.ts";
import { addDays, describeDate, todayUtc, yearsOn } from "../lib/dates.ts";
import { namer } from "../lib/names.ts";
import { setQuery, useQuery } from "../lib/router.tsx";
import { useConflicts } from "../lib/screen-reads.ts";
import { DateField } from "../ui/date-field.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { ConflictList } from "./conflict-list.tsx";

export default function ConflictsPage() {
  const query = useQuery();
  // Past conflicts stay in view by default: a disagreement settled last year is still part of
  // the record a lawyer reads. Ten years back, ten years on.
  const today = todayUtc();
  const from = query.get("from") ?? yearsOn(today, -10);
  const to = query.get("to") ?? addDays(yearsOn(query.get("from") ?? today, 10), -1);
  const conflicts = useConflicts(from, to);
  const names = namer(useCatalog().data);
  useEffect(() => {
    document.title = "Conflicts · Termline";
  }, []);
  return (
    <>
      <h1>Conflicts</h1>
      <p className="lede">
        Where terms in force contradict each other: surfaced here for a person to resolve, never
        resolved by Termline. Every segment, from {describeDate(from)} to {describeDate(to)}.
      </p>
      <div className="controls">
        <DateField label="From" value={from} onChange={(date) => setQuery({ from: date })} />
        <DateField label="To" value={to} onChange={(date) => setQuery({ to: date })} />
      </div>
      {conflicts.loading ? <Loading what="the conflicts" /> : null}
      {conflicts.error ? (
        <ErrorNote error={conflicts.error} what="the conflicts" retry={conflicts.reload} />
      ) : null}
      {conflicts.data && conflicts.data.conflicts.length === 0 ? (
        <p className="status success" role="status">
          No terms contradict each other in this period.
        </p>
      ) : null}
      {conflicts.data && !conflicts.loading ? (
        <section className="panel" aria-label="Conflict periods">
          <ConflictList
            conflicts={conflicts.data.conflicts}
            rangeEnd={conflicts.data.to}
            names={names}
          />
        </section>
      ) : null}
    </>
  );
}
