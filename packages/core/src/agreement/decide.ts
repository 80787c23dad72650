import * as z from "zod";
import type { Catalog } from "../catalog/catalog.ts";
import { type DanglingReference, danglingReferences } from "../catalog/references.ts";
import { type CalendarDate, FuzzyDate, latestDay, Precision } from "../dates.ts";
import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  zodFieldErrors,
} from "../errors.ts";
import { AgreementKind, AgreementParty } from "../events/agreement-events.ts";
import { EventInput, type EventInputValue } from "../events/catalog.ts";
import { type PendingEvent, Sources } from "../events/envelope.ts";
import { decideAcknowledgement } from "./acknowledgement-rules.ts";
import { AgreementId } from "./agreement-id.ts";
import { effectiveDate, toPending } from "./envelope.ts";
import { evolve } from "./evolve.ts";
import { historyOf } from "./history.ts";
import { type Violation, violationOf } from "./rules.ts";
import type { AgreementState } from "./state.ts";
import { checkRetraction, decideCorrection } from "./supersession-rules.ts";

export const RecordAgreementCommand = z
  .object({
    id: AgreementId.optional(),
    title: z.string().trim().min(1).max(200),
    parties: z.array(AgreementParty).min(1).max(20),
    kind: AgreementKind.optional(),
    summary: z.string().trim().min(1).max(1000).optional(),
    endsOn: FuzzyDate.optional(),
    effectiveOn: FuzzyDate.optional(),
    precision: Precision.optional(),
    sources: Sources.optional(),
  })
  .strict();
export type RecordAgreementCommand = z.infer<typeof RecordAgreementCommand>;

export const MAX_EVENTS_PER_COMMIT = 50;
export const AppendEventsCommand = z
  .object({
    expectedVersion: z.number().int().min(0),
    events: z.array(EventInput).min(1, "send at least one event").max(MAX_EVENTS_PER_COMMIT),
  })
  .strict();
export type AppendEventsCommand = z.input<typeof AppendEventsCommand>;

export interface DecisionContext {
  today: CalendarDate;
  /** The tenant's catalog as it stands: every id an event names must be in it. */
  catalog: Catalog;
  /** The tenant's policy: every change says where it was reported. */
  requireSources?: boolean | undefined;
}

const SOURCE_REQUIRED =
  "this tenant asks for at least one source on every change: say where it was reported (publication, title, date, link)";

/** Parses input a person sent, or throws a 400 whose errors name each field at fault. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = zodFieldErrors(result.error);
  throw new ValidationError(
    errors.map((error) => `${error.path || "body"}: ${error.message}`).join("; "),
    { errors },
  );
}

function reject(index: number, violation: Violation): never {
  const path = ["events", index, ...(violation.path ? [violation.path] : [])].join(".");
  throw new RuleViolationError(`events.${index}: ${violation.message}`, {
    errors: [{ path, message: violation.message }],
  });
}

function rejectDangling(index: number, found: DanglingReference[]): void {
  if (found.length === 0) return;
  const errors = found.map(({ path, message }) => ({ path: `events.${index}.${path}`, message }));
  throw new RuleViolationError(
    errors.map((error) => `${error.path}: ${error.message}`).join("; "),
    {
      errors,
    },
  );
}

/** An amendment's changes name ids of its term's kind; a correction's replacement, of the original's type. */
function referencesOf(
  state: AgreementState,
  catalog: Catalog,
  type: string,
  data: Record<string, unknown>,
  prefix = "",
): DanglingReference[] {
  const at = (field: string) => [prefix, field].filter(Boolean).join(".");
  if (type === "TermAmended") {
    const term = state.terms[String(data.termId)];
    const changes = data.changes as Record<string, unknown> | undefined;
    return term && changes
      ? danglingReferences(catalog, term.grantedBy, changes, at("changes"))
      : [];
  }
  if (type === "EventCorrected") {
    const original = historyOf(state, "a correction").find(
      ({ version }) => version === data.correctsVersion,
    );
    const replacement = (data.replacement as { data?: Record<string, unknown> } | undefined)?.data;
    return original && replacement
      ? referencesOf(state, catalog, original.type, replacement, at("replacement"))
      : [];
  }
  return danglingReferences(catalog, type, data, prefix);
}

const asStored = (state: AgreementState, event: PendingEvent) => ({
  ...event,
  tenant: state.tenant,
  agreementId: state.id,
  id: `pending-${state.version + 1}`,
  version: state.version + 1,
  recordedAt: "",
  recordedBy: "",
});

function decideOne(
  state: AgreementState,
  input: EventInputValue,
  index: number,
  { today, catalog, requireSources }: DecisionContext,
): PendingEvent {
  const dates = effectiveDate(input.effectiveOn, input.precision, today);
  if ("problem" in dates) reject(index, { path: "effectiveOn", message: dates.problem });
  const pending = toPending(input, dates);
  if (requireSources && pending.sources.length === 0)
    reject(index, { path: "sources", message: SOURCE_REQUIRED });
  if (input.type === "EventCorrected") {
    const decided = decideCorrection(state, pending.data, today);
    if (!("replacement" in decided)) reject(index, decided);
    const { correctsVersion, reason } = input;
    const data = { correctsVersion, reason, replacement: decided.replacement };
    rejectDangling(index, referencesOf(state, catalog, input.type, data));
    return { ...pending, data };
  }
  if (input.type === "DeadlineAcknowledged") {
    const decided = decideAcknowledgement(state, pending);
    if (!("type" in decided)) reject(index, decided);
    return decided;
  }
  const violation =
    input.type === "EventRetracted"
      ? checkRetraction(state, pending.data)
      : violationOf(state, pending);
  if (violation) reject(index, violation);
  rejectDangling(index, referencesOf(state, catalog, pending.type, pending.data));
  return pending;
}

/**
 * Decides a commit: every event is checked against the agreement as the events before it in
 * the same commit leave it, so one commit can grant a term and amend it.
 */
export function decideAppend(
  state: AgreementState,
  command: unknown,
  context: DecisionContext,
): PendingEvent[] {
  const { events } = parseInput(AppendEventsCommand, command);
  if (!state.exists) throw new NotFoundError(`agreement "${state.id}" does not exist`);
  const decided: PendingEvent[] = [];
  let current = state;
  for (const [index, input] of events.entries()) {
    const event = decideOne(current, input, index, context);
    decided.push(event);
    current = evolve(current, asStored(current, event));
  }
  return decided;
}

export function decideRecordAgreement(
  state: AgreementState,
  command: unknown,
  context: DecisionContext,
): PendingEvent[] {
  const {
    id: _id,
    effectiveOn,
    precision,
    sources,
    ...data
  } = parseInput(RecordAgreementCommand, command);
  if (state.exists)
    throw new AlreadyExistsError(`agreement "${state.id}" already exists`, {
      errors: [
        { path: "id", message: `an agreement "${state.id}" already exists; pick another id` },
      ],
      extensions: { currentVersion: state.version },
    });
  const dates = effectiveDate(effectiveOn, precision, context.today);
  if ("problem" in dates)
    throw new ValidationError(dates.problem, {
      errors: [{ path: "effectiveOn", message: dates.problem }],
    });
  if (data.endsOn && latestDay(data.endsOn) < dates.effectiveOn) {
    const message = `endsOn ${data.endsOn} is before the agreement takes effect (${dates.effectiveOn})`;
    throw new RuleViolationError(message, { errors: [{ path: "endsOn", message }] });
  }
  if (context.requireSources && (sources ?? []).length === 0)
    throw new RuleViolationError(`sources: ${SOURCE_REQUIRED}`, {
      errors: [{ path: "sources", message: SOURCE_REQUIRED }],
    });
  const dangling = danglingReferences(context.catalog, "AgreementRecorded", data);
  if (dangling.length > 0)
    throw new RuleViolationError(
      dangling.map((item) => `${item.path}: ${item.message}`).join("; "),
      {
        errors: dangling,
      },
    );
  const input = { type: "AgreementRecorded", ...data, kind: data.kind ?? "other", sources };
  const event = toPending(input as Parameters<typeof toPending>[0], dates);
  return [event];
}
