/**
 * Reading agreements: one as it stands or as known at an instant, many, their events, their
 * listings. Apart from the commits in agreements.ts, so a read route's chunk (the API is
 * bundled with code splitting, by file) builds none of the command and event schemas.
 */
import {
  type AgreementListing,
  type AgreementState,
  fold,
  initialAgreementState,
  NotFoundError,
  reportedIn,
  type StoredEvent,
} from "@termline/core";
import { LISTING_PREFIX, listingKey } from "../projector/agreement-keys.ts";
import { listSnapshots, readSnapshot, readSnapshots } from "../projector/agreement-snapshots.ts";
import type { Runtime } from "./runtime.ts";

/** The whole log, for commands that read earlier events (corrections) and views that lag. */
export async function stateFromLog(
  runtime: Runtime,
  tenant: string,
  agreementId: string,
): Promise<AgreementState> {
  const events = await runtime.eventStore.readStream(tenant, agreementId, { consistent: true });
  return fold(tenant, agreementId, events);
}

/** Which facts a read sees: those recorded by `knownAt`, and those the public record held by `reportedBy`. */
export interface AsOf {
  knownAt?: string | undefined;
  reportedBy?: string | undefined;
}

/** The events of one agreement's log a read as of `asOf` sees. */
const seenAsOf = (log: StoredEvent[], { knownAt, reportedBy: day }: AsOf) => {
  const known = knownAt ? log.filter((event) => event.recordedAt <= knownAt) : log;
  return day ? reportedIn(known, day) : known;
};
const refolds = ({ knownAt, reportedBy: day }: AsOf) => knownAt !== undefined || day !== undefined;
/**
 * What a snapshot says of the agreement as known at `knownAt`, when it can say it without the
 * log: nothing yet, if its first event was recorded later; itself, if its last one was recorded
 * by then. Only agreements recorded into on both sides of the instant need their log (and
 * snapshots from before these instants were kept). `reportedBy` filters by sources: it refolds.
 */
export function knownAsOf(
  state: Pick<AgreementState, "firstRecordedAt" | "latestRecordedAt">,
  { knownAt, reportedBy: day }: AsOf,
): "unknown" | "itself" | undefined {
  if (day !== undefined || knownAt === undefined) return undefined;
  if (state.firstRecordedAt !== undefined && state.firstRecordedAt > knownAt) return "unknown";
  if (state.latestRecordedAt !== undefined && state.latestRecordedAt <= knownAt) return "itself";
  return undefined;
}

/** One agreement as it stands, or as of `asOf` (folded from the log). */
export async function loadAgreement(
  runtime: Runtime,
  tenant: string,
  agreementId: string,
  asOf: AsOf = {},
): Promise<AgreementState> {
  const view = await readSnapshot(runtime.viewStore, tenant, agreementId);
  let state = view ? (view.body as AgreementState) : undefined;
  const known = state && knownAsOf(state, asOf);
  if (known === "unknown") throw new NotFoundError(`agreement "${agreementId}" does not exist`);
  if (refolds(asOf) && known !== "itself")
    state = await refoldAsOf(runtime, tenant, agreementId, asOf);
  state ??= await stateFromLog(runtime, tenant, agreementId);
  if (!state.exists) throw new NotFoundError(`agreement "${agreementId}" does not exist`);
  return state;
}

/** One agreement folded from its log, with only the events `asOf` lets it see. */
export async function refoldAsOf(
  runtime: Runtime,
  tenant: string,
  agreementId: string,
  asOf: AsOf,
): Promise<AgreementState> {
  const events = await runtime.eventStore.readStream(tenant, agreementId, { consistent: false });
  return fold(tenant, agreementId, seenAsOf(events, asOf));
}

/** Every agreement of the tenant, from the views; as of `asOf`, each refolded from its log. */
export async function loadAgreements(
  runtime: Runtime,
  tenant: string,
  asOf: AsOf = {},
): Promise<AgreementState[]> {
  const views = await listSnapshots(runtime.viewStore, tenant);
  return asOfEach(
    runtime,
    tenant,
    views.map((view) => view.body as AgreementState),
    asOf,
  );
}

/**
 * The agreements `ids` names that the tenant has, in id order: their snapshots by key (one
 * BatchGetItem, and one for the pages of those stored in pages), each as of `asOf`.
 */
export async function loadAgreementsNamed(
  runtime: Runtime,
  tenant: string,
  ids: string[],
  asOf: AsOf = {},
): Promise<AgreementState[]> {
  const views = await readSnapshots(runtime.viewStore, tenant, ids);
  const states = views.map((view) => view.body as AgreementState).sort(byId);
  return (await asOfEach(runtime, tenant, states, asOf)).filter(({ exists }) => exists);
}

/** Id order, in code units, as the keys are. */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Snapshots as they stand, or each as of `asOf`: itself, unknown yet, or refolded. */
async function asOfEach(
  runtime: Runtime,
  tenant: string,
  states: AgreementState[],
  asOf: AsOf,
): Promise<AgreementState[]> {
  if (!refolds(asOf)) return states;
  const refolded = await Promise.all(
    states.map(async (state) => {
      const known = knownAsOf(state, asOf);
      if (known === "itself") return state;
      if (known === "unknown") return initialAgreementState(tenant, state.id);
      return refoldAsOf(runtime, tenant, state.id, asOf);
    }),
  );
  return refolded.filter((state) => state.exists);
}

export async function readEvents(
  runtime: Runtime,
  tenant: string,
  agreementId: string,
  page: { after?: number | undefined; limit?: number | undefined },
) {
  const events = await runtime.eventStore.readStream(tenant, agreementId, {
    consistent: false,
    ...(page.after !== undefined ? { afterVersion: page.after } : {}),
    ...(page.limit !== undefined ? { limit: page.limit } : {}),
  });
  if (events.length === 0 && !(await runtime.eventStore.exists(tenant, agreementId))) {
    throw new NotFoundError(`agreement "${agreementId}" does not exist`);
  }
  return events;
}

/**
 * The agreements list: one Query of the listings (small items beside the snapshots), or, as of
 * an instant or a day, each agreement refolded. A tenant whose listings were never written (data
 * from before they were) is listed from its snapshots.
 */
export async function listAgreements(
  runtime: Runtime,
  tenant: string,
  asOf: AsOf = {},
): Promise<AgreementListing[]> {
  if (refolds(asOf)) return loadAgreements(runtime, tenant, asOf);
  const listings = await runtime.viewStore.listViews(tenant, LISTING_PREFIX);
  if (listings.length === 0) return loadAgreements(runtime, tenant);
  return listings.map(({ body }) => body as AgreementListing).filter(({ exists }) => exists);
}

/**
 * The listings of the agreements `ids` names, in id order, those the tenant has: one
 * BatchGetItem by key as they stand, whatever the number of agreements. As of an instant or a
 * day, their snapshots by key, each as then.
 */
export async function listingsOf(
  runtime: Runtime,
  tenant: string,
  ids: string[],
  asOf: AsOf = {},
): Promise<AgreementListing[]> {
  if (refolds(asOf)) return loadAgreementsNamed(runtime, tenant, ids, asOf);
  const listings = await runtime.viewStore.getViews(tenant, ids.map(listingKey));
  return listings
    .map(({ body }) => body as AgreementListing)
    .filter(({ exists }) => exists)
    .sort(byId);
}
