import {
  AlreadyExistsError,
  deadlineKinds,
  ForbiddenError,
  NotFoundError,
  Text,
  UnacceptableRequestError,
} from "@termline/core";
import * as z from "zod";
import { forgetOwnerships } from "./deadline-owners.ts";
import { keptBriefly } from "./kept-briefly.ts";
import type { Runtime } from "./runtime.ts";
import { forgetSnoozes } from "./snoozes.ts";

/**
 * People and their subscriptions, per tenant (the deadlines they own: deadline-owners.ts). They are records in the
 * views table, not events: a person's name and address are personal data that must be
 * erasable on request, and nothing in an immutable log may hold them (see ARCHITECTURE.md).
 */

const IdParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "use lowercase letters, digits and dashes");

/** A zone the runtime knows (Intl is the source of truth, so it matches how mail dates are written). */
export const TimeZone = z
  .string()
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat("en-GB", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: "use an IANA time zone such as Europe/Paris or America/New_York" },
  );

export const PersonInput = z
  .object({
    id: IdParam.optional().meta({ description: "Made from the name when absent." }),
    name: Text(200),
    email: z.email({ error: "use an e-mail address such as dana@example.com" }).max(254),
    timeZone: TimeZone.default("UTC"),
    login: Text(200).optional().meta({
      description:
        "The token name this person signs in as, so they can manage their own subscriptions. Only admins set it; a person who adds themself gets their own.",
    }),
  })
  .strict();
export type PersonInput = z.input<typeof PersonInput>;

export const PersonChange = z
  .object({
    name: Text(200).optional(),
    email: z.email({ error: "use an e-mail address such as dana@example.com" }).max(254).optional(),
    timeZone: TimeZone.optional(),
    /** Mail is sent again after an unsubscribe only when the person (or an admin) says so. */
    subscribed: z.literal(true).optional(),
  })
  .strict();

export interface Person {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  login?: string | undefined;
  /** Set when the person used an unsubscribe link: no mail of any kind until they resubscribe. */
  unsubscribedAt?: string | undefined;
  createdAt: string;
}

const LeadDays = z
  .array(z.number().int().min(0).max(3650))
  .min(1)
  .max(20)
  .refine((days) => new Set(days).size === days.length, { message: "lead times must be distinct" })
  .transform((days) => [...days].sort((a, b) => b - a));

export const SubscriptionInput = z
  .discriminatedUnion("to", [
    z.object({ to: z.literal("everything"), leadDays: LeadDays.optional() }).strict(),
    z
      .object({ to: z.literal("agreement"), agreementId: IdParam, leadDays: LeadDays.optional() })
      .strict(),
    z
      .object({
        to: z.literal("deadline-kind"),
        kind: z.enum(deadlineKinds),
        leadDays: LeadDays.optional(),
      })
      .strict(),
  ])
  .meta({
    description:
      "What to be reminded of: every deadline, one agreement's, or one kind's. `leadDays` overrides the tenant's alert policy for this subscription.",
  });
export type SubscriptionInput = z.input<typeof SubscriptionInput>;

export type Subscription = z.output<typeof SubscriptionInput> & {
  id: string;
  personId: string;
  createdAt: string;
};

/** A person's record: what an owner must name. */
export const personKey = (id: string) => `${PERSON}${id}`;
const PERSON = "person#";
const SUBSCRIPTION = "subscription#";

const str = (value: unknown) => (typeof value === "string" ? value : undefined);

function toPerson(item: Record<string, unknown>): Person {
  return {
    id: String(item.id),
    name: String(item.name),
    email: String(item.email),
    timeZone: str(item.timeZone) ?? "UTC",
    ...(str(item.login) ? { login: str(item.login) } : {}),
    ...(str(item.unsubscribedAt) ? { unsubscribedAt: str(item.unsubscribedAt) } : {}),
    createdAt: String(item.createdAt),
  };
}

const slugOf = (name: string) =>
  name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "person";

/** Who is asking: admins manage everyone; anyone else only the person whose login is theirs. */
export interface Caller {
  tenant: string;
  name: string;
  role: "viewer" | "editor" | "admin";
}

export const isAdmin = (caller: Caller) => caller.role === "admin";

export async function listPeople(runtime: Runtime, tenant: string): Promise<Person[]> {
  const items = await runtime.viewStore.listItems(tenant, PERSON);
  return items.map(toPerson).sort((a, b) => a.name.localeCompare(b.name, "en"));
}

/** What a list shows of a person: their name, and their login to find the caller's own. */
export type PersonName = Pick<Person, "id" | "name" | "login">;

const keptNames = keptBriefly<readonly PersonName[]>();

/**
 * People's names, kept a few seconds (kept-briefly.ts), or read now with `fresh`: for lists
 * that name people. A rename or a person added through another container shows here within
 * `KEPT_MAX_AGE_MS`; this container's own changes drop what it keeps.
 */
export async function peopleNames(
  runtime: Runtime,
  tenant: string,
  options: { fresh?: boolean } = {},
): Promise<{ people: readonly PersonName[]; kept: boolean }> {
  const kept = options.fresh ? undefined : keptNames.get(runtime, tenant);
  if (kept) return { people: kept, kept: true };
  const people = (await listPeople(runtime, tenant)).map(({ id, name, login }) => ({
    id,
    name,
    ...(login === undefined ? {} : { login }),
  }));
  keptNames.keep(runtime, tenant, people);
  return { people, kept: false };
}

/**
 * The people a list names, as `peopleNames` gave them; read now if they were kept and one of
 * `ids` is not among them (added through another container since), so no one goes unnamed.
 */
export async function peopleIncluding(
  runtime: Runtime,
  tenant: string,
  known: { people: readonly PersonName[]; kept: boolean },
  ids: readonly string[],
): Promise<readonly PersonName[]> {
  if (!known.kept || ids.every((id) => known.people.some((person) => person.id === id)))
    return known.people;
  return (await peopleNames(runtime, tenant, { fresh: true })).people;
}

export async function getPerson(runtime: Runtime, tenant: string, id: string): Promise<Person> {
  const item = await runtime.viewStore.getItem(tenant, `${PERSON}${id}`);
  if (!item) throw new NotFoundError(`there is no person "${id}" in this tenant`);
  return toPerson(item);
}

export async function personOfLogin(
  runtime: Runtime,
  tenant: string,
  login: string,
): Promise<Person | undefined> {
  return (await listPeople(runtime, tenant)).find((person) => person.login === login);
}

/** Throws 403 unless the caller is an admin or this person signs in as the caller. */
export function assertMayManage(caller: Caller, person: Person) {
  if (isAdmin(caller) || person.login === caller.name) return;
  throw new ForbiddenError(
    "You can manage your own subscriptions only; an admin manages other people's.",
  );
}

export async function createPerson(
  runtime: Runtime,
  caller: Caller,
  input: PersonInput,
): Promise<Person> {
  const parsed = PersonInput.parse(input);
  if (!isAdmin(caller)) {
    if (parsed.login !== undefined && parsed.login !== caller.name)
      throw new ForbiddenError("Only an admin adds other people; leave out login to add yourself.");
    if (await personOfLogin(runtime, caller.tenant, caller.name))
      throw new AlreadyExistsError("You are already in this tenant's people; change that entry.");
  }
  const login = isAdmin(caller) ? parsed.login : caller.name;
  const person: Person = {
    id: parsed.id ?? `${slugOf(parsed.name)}-${runtime.newId().slice(0, 6)}`,
    name: parsed.name,
    email: parsed.email,
    timeZone: parsed.timeZone,
    ...(login ? { login } : {}),
    createdAt: runtime.clock().toISOString(),
  };
  const written = await runtime.viewStore.putItem(
    caller.tenant,
    `${PERSON}${person.id}`,
    { ...person, itemType: "person" },
    { ifAbsent: true },
  );
  if (!written) throw new AlreadyExistsError(`a person "${person.id}" already exists`);
  keptNames.forget(runtime, caller.tenant);
  return person;
}

export async function changePerson(
  runtime: Runtime,
  caller: Caller,
  id: string,
  change: z.input<typeof PersonChange>,
): Promise<Person> {
  const parsed = PersonChange.parse(change);
  const person = await getPerson(runtime, caller.tenant, id);
  assertMayManage(caller, person);
  const { subscribed, ...fields } = parsed;
  const next: Person = { ...person, ...fields };
  if (subscribed) delete next.unsubscribedAt;
  await runtime.viewStore.putItem(caller.tenant, `${PERSON}${id}`, {
    ...next,
    itemType: "person",
  });
  keptNames.forget(runtime, caller.tenant);
  return next;
}

/** Erases a person with everything that names them: subscriptions, watches, ownerships, snoozes. */
export async function deletePerson(runtime: Runtime, caller: Caller, id: string): Promise<void> {
  const person = await getPerson(runtime, caller.tenant, id);
  assertMayManage(caller, person);
  const { tenant } = caller;
  const [subscriptions, watches] = await Promise.all([
    listSubscriptions(runtime, tenant, id),
    runtime.viewStore.listItems(tenant, "watch#"),
  ]);
  await Promise.all([
    ...subscriptions.map((s) => runtime.viewStore.deleteItem(tenant, `${SUBSCRIPTION}${s.id}`)),
    ...watches
      .filter((watch) => watch.personId === id)
      .map((watch) => runtime.viewStore.deleteItem(tenant, `watch#${String(watch.id)}`)),
    forgetOwnerships(runtime, tenant, id),
    forgetSnoozes(runtime, tenant, id),
  ]);
  await runtime.viewStore.deleteItem(tenant, `${PERSON}${id}`);
  keptNames.forget(runtime, tenant);
}

/** One place to stop all mail: what every e-mail's unsubscribe link does. */
export async function unsubscribePerson(runtime: Runtime, tenant: string, id: string) {
  const person = await getPerson(runtime, tenant, id);
  if (person.unsubscribedAt) return person;
  const next = { ...person, unsubscribedAt: runtime.clock().toISOString() };
  await runtime.viewStore.putItem(tenant, `${PERSON}${id}`, { ...next, itemType: "person" });
  return next;
}

function toSubscription(item: Record<string, unknown>): Subscription | undefined {
  const parsed = SubscriptionInput.safeParse(item.scope);
  if (!parsed.success) return undefined;
  return {
    ...parsed.data,
    id: String(item.id),
    personId: String(item.personId),
    createdAt: String(item.createdAt),
  };
}

/** A tenant's subscriptions, or one person's. */
export async function listSubscriptions(
  runtime: Runtime,
  tenant: string,
  personId?: string,
): Promise<Subscription[]> {
  return listPersonRecords(runtime, tenant, SUBSCRIPTION, toSubscription, personId);
}

/** A tenant's records of one kind that belong to people, or to one person, oldest first. */
export async function listPersonRecords<T extends { personId: string; createdAt: string }>(
  runtime: Runtime,
  tenant: string,
  prefix: string,
  decode: (item: Record<string, unknown>) => T | undefined,
  personId?: string,
): Promise<T[]> {
  const items = await runtime.viewStore.listItems(tenant, prefix);
  return items
    .map(decode)
    .filter((record): record is T => record !== undefined)
    .filter((record) => personId === undefined || record.personId === personId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function subscribe(
  runtime: Runtime,
  caller: Caller,
  personId: string,
  input: SubscriptionInput,
  knownAgreement: (agreementId: string) => Promise<boolean>,
): Promise<Subscription> {
  const scope = SubscriptionInput.parse(input);
  const person = await getPerson(runtime, caller.tenant, personId);
  assertMayManage(caller, person);
  if (scope.to === "agreement" && !(await knownAgreement(scope.agreementId)))
    throw new UnacceptableRequestError(
      `there is no agreement "${scope.agreementId}" in this tenant`,
      {
        errors: [{ path: "agreementId", message: `no agreement "${scope.agreementId}"` }],
      },
    );
  const subscription: Subscription = {
    ...scope,
    id: `sub-${runtime.newId()}`,
    personId,
    createdAt: runtime.clock().toISOString(),
  };
  await runtime.viewStore.putItem(
    caller.tenant,
    `${SUBSCRIPTION}${subscription.id}`,
    {
      id: subscription.id,
      personId,
      scope,
      createdAt: subscription.createdAt,
      itemType: "subscription",
    },
    { ifAbsent: true },
  );
  return subscription;
}

export async function unsubscribe(
  runtime: Runtime,
  caller: Caller,
  personId: string,
  subscriptionId: string,
): Promise<void> {
  const person = await getPerson(runtime, caller.tenant, personId);
  assertMayManage(caller, person);
  const item = await runtime.viewStore.getItem(caller.tenant, `${SUBSCRIPTION}${subscriptionId}`);
  if (!item || item.personId !== personId)
    throw new NotFoundError(`${person.name} has no subscription "${subscriptionId}"`);
  await runtime.viewStore.deleteItem(caller.tenant, `${SUBSCRIPTION}${subscriptionId}`);
}
