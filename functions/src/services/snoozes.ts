import { type CalendarDate, NotFoundError, UnacceptableRequestError } from "@termline/core";
import { type Caller, type Person, personOfLogin } from "./people.ts";
import type { Runtime } from "./runtime.ts";

/**
 * A person's snooze of a deadline: a personal preference, not a fact of the contract, so it is
 * a record in the views table (erasable with the person) and never an event. The key puts the
 * person first so one Query reads one person's snoozes, and the `snooze#` prefix alone reads a
 * tenant's for a mail run.
 *
 * `until` is the day the deadline wakes: it sleeps while today is before it, and on that day
 * it is back in the lists and its reminders go out again.
 */
export interface Snooze {
  deadlineId: string;
  personId: string;
  until: CalendarDate;
  snoozedAt: string;
}

const SNOOZE = "snooze#";
const keyOf = (personId: string, deadlineId: string) => `${SNOOZE}${personId}#${deadlineId}`;

const toSnooze = (item: Record<string, unknown>): Snooze => ({
  deadlineId: String(item.deadlineId),
  personId: String(item.personId),
  until: String(item.until),
  snoozedAt: String(item.snoozedAt),
});

/** The snoozes that still hold on `today`, of one person or of the whole tenant. */
export async function snoozesHolding(
  runtime: Runtime,
  tenant: string,
  today: CalendarDate,
  personId?: string,
): Promise<Snooze[]> {
  const prefix = personId === undefined ? SNOOZE : `${SNOOZE}${personId}#`;
  const items = await runtime.viewStore.listItems(tenant, prefix);
  return items.map(toSnooze).filter((snooze) => snooze.until > today);
}

/** Whether a person's snooze of a deadline holds on a day (a lookup over one Query's result). */
export const isSnoozed = (
  snoozes: readonly Snooze[],
  personId: string,
  deadlineId: string,
  day: CalendarDate,
) => snoozes.some((s) => s.personId === personId && s.deadlineId === deadlineId && day < s.until);

/** A snooze needs a person to belong to: a token with no person record is told how to get one. */
export async function snoozerOf(runtime: Runtime, caller: Caller): Promise<Person> {
  const person = await personOfLogin(runtime, caller.tenant, caller.name);
  if (person) return person;
  throw new NotFoundError(
    `You ("${caller.name}") are not among this tenant's people yet, and a snooze belongs to a person: POST /people adds you (or an admin adds you), then snooze.`,
  );
}

export async function snooze(
  runtime: Runtime,
  tenant: string,
  person: Person,
  deadlineId: string,
  until: CalendarDate,
  today: CalendarDate,
): Promise<Snooze> {
  if (until <= today)
    throw new UnacceptableRequestError(
      `A snooze lasts until a day after today (${today}); ${until} is not. Wake the deadline instead to see it again now.`,
      { errors: [{ path: "until", message: `must be after ${today}` }] },
    );
  const record: Snooze = {
    deadlineId,
    personId: person.id,
    until,
    snoozedAt: runtime.clock().toISOString(),
  };
  await runtime.viewStore.putItem(tenant, keyOf(person.id, deadlineId), {
    ...record,
    itemType: "snooze",
  });
  return record;
}

/** Wakes a deadline for a person; waking one that is not asleep changes nothing. */
export async function wake(runtime: Runtime, tenant: string, personId: string, deadlineId: string) {
  await runtime.viewStore.deleteItem(tenant, keyOf(personId, deadlineId));
}

/** Erases every snooze of a person (with the person: nothing may keep naming them). */
export async function forgetSnoozes(runtime: Runtime, tenant: string, personId: string) {
  const items = await runtime.viewStore.listItems(tenant, `${SNOOZE}${personId}#`);
  await Promise.all(items.map((item) => runtime.viewStore.deleteItem(tenant, String(item.sk))));
}
