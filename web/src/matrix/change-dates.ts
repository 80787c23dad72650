import { agreementStarted, disputesOf, termChanges, termEnded } from "../api/extras.ts";
import type { Agreement } from "../api/types.ts";
import { AXIS_END, AXIS_START, addDays } from "../lib/dates.ts";

export interface ChangeDate {
  date: string;
  what: string[];
}

/**
 * The dates on which something in force changes: terms start, change, end or expire, disputes
 * are raised or resolved. The scrubber snaps to these.
 */
export function changeDates(agreements: readonly Agreement[]): ChangeDate[] {
  const byDate = new Map<string, string[]>();
  const add = (date: string | null | undefined, what: string) => {
    if (!date || date < AXIS_START || date > AXIS_END) return;
    byDate.set(date, [...(byDate.get(date) ?? []), what]);
  };
  for (const agreement of agreements) {
    add(agreementStarted(agreement)?.on, `${agreement.title} starts`);
    for (const term of agreement.terms) {
      add(term.effective.from, `${term.id} takes effect`);
      const ended = termEnded(term);
      if (ended) add(ended.on, `${term.id} ends`);
      else if (term.effective.to) add(addDays(term.effective.to, 1), `${term.id} expires`);
      for (const change of termChanges(term)) add(change.on, `${term.id} changes`);
    }
    for (const dispute of disputesOf(agreement)) {
      add(dispute.raisedOn, `dispute ${dispute.id} raised`);
      add(dispute.resolvedOn, `dispute ${dispute.id} resolved`);
    }
  }
  add(AXIS_START, "start of the record");
  return [...byDate.entries()]
    .map(([date, what]) => ({ date, what: [...new Set(what)] }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The index of the last change on or before `date` (0 if none). */
export function indexAt(dates: readonly ChangeDate[], date: string): number {
  let found = 0;
  for (const [index, change] of dates.entries()) if (change.date <= date) found = index;
  return found;
}
