import {
  alertId,
  alertsDueBetween,
  type CalendarDate,
  DEADLINE_APPROACHING,
  type DeadlineApproachingDetail,
  type DueAlert,
  daysAfter,
  type EventBus,
  todayIn,
} from "@termline/core";
import { format, parseISO, subDays } from "date-fns";
import type { Claims } from "../services/claims.ts";
import { deadlinesAsOf } from "../services/deadlines.ts";
import type { Runtime } from "../services/runtime.ts";
import { alertPolicyOf } from "../services/settings.ts";
import { listTenants } from "../services/tenants.ts";
import { alertClaims } from "./alert-claims.ts";

export interface AlertRun {
  today: CalendarDate;
  published: string[];
  /** Alerts another run had already published. */
  skipped: string[];
  /** Alerts another run claimed but has not published yet: the day is not done until they are. */
  pending: string[];
  failed: { alertId: string; error: string }[];
}

const LAST_RUN = "alerts#last-run";
const dayBefore = (date: CalendarDate) => format(subDays(parseISO(date), 1), "yyyy-MM-dd");

function detailOf(tenant: string, due: DueAlert, correlationId: string): DeadlineApproachingDetail {
  const { id, date, precision, kind, agreementId, termId, summary } = due.deadline;
  return {
    id: alertId(tenant, id, due.leadDays, date),
    tenant,
    correlationId,
    leadDays: due.leadDays,
    on: due.on,
    deadline: { id, date, precision, kind, agreementId, ...(termId ? { termId } : {}), summary },
  };
}

async function dueAlerts(
  runtime: Runtime,
  tenant: string,
  from: CalendarDate,
  today: CalendarDate,
  correlationId: string,
) {
  const policy = await alertPolicyOf(runtime, tenant);
  // An alert falls due `lead` days before its deadline: only deadlines up to the longest lead ahead can.
  const horizon = daysAfter(today, Math.max(0, ...policy.leadDays));
  // Today's terms: an amendment that moved a date re-plans its alerts; an acknowledged one has none.
  const deadlines = (
    await deadlinesAsOf(runtime, tenant, { at: today, from, to: horizon })
  ).deadlines.filter((deadline) => !deadline.acknowledged);
  return alertsDueBetween(deadlines, policy, from, today).map((alert) =>
    detailOf(tenant, alert, correlationId),
  );
}

async function publishOne(
  claims: Claims,
  bus: EventBus,
  detail: DeadlineApproachingDetail,
  run: AlertRun,
) {
  const outcome = await claims.claim(detail.tenant, detail.id);
  if (!outcome.claimed) {
    (outcome.status === "published" ? run.skipped : run.pending).push(detail.id);
    return;
  }
  try {
    await bus.publish([{ detailType: DEADLINE_APPROACHING, detail }]);
    await claims.mark(detail.tenant, detail.id, "published");
    run.published.push(detail.id);
  } catch (error) {
    // Released, so the next run tries again rather than believing it was sent.
    await claims.release(detail.tenant, detail.id);
    run.failed.push({
      alertId: detail.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * The daily alert job. For each tenant it publishes `DeadlineApproaching` for every alert whose
 * day falls after the tenant's last completed run and up to today, so missed days are caught
 * up; claims make a second or overlapping run publish nothing twice.
 */
export async function runAlertJob(
  runtime: Runtime,
  bus: EventBus,
  options: { today?: CalendarDate; correlationId?: string; tenants?: string[] } = {},
): Promise<AlertRun> {
  const today = options.today ?? todayIn(runtime.clock());
  const correlationId = options.correlationId ?? runtime.newId();
  const run: AlertRun = { today, published: [], skipped: [], pending: [], failed: [] };
  const claims = alertClaims(runtime);
  for (const tenant of options.tenants ?? (await listTenants(runtime))) {
    const last = await runtime.viewStore.getItem(tenant, LAST_RUN);
    const from = typeof last?.day === "string" ? last.day : dayBefore(today);
    // Today is always in the window: a deadline recorded after today's run still gets today's
    // alert, and the claims keep what was already sent from going out twice.
    const yesterday = dayBefore(today);
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text; Math.min would make them NaN
    const start = from < yesterday ? from : yesterday;
    const due = await dueAlerts(runtime, tenant, start, today, correlationId);
    for (const detail of due) await publishOne(claims, bus, detail, run);
    const unfinished = [...run.failed.map(({ alertId: id }) => id), ...run.pending];
    // With alerts left over, the window's start is kept (even on a first run), so the next run retries them.
    const next = unfinished.some((id) => id.startsWith(`${tenant}|`)) ? from : today;
    if (next !== last?.day)
      await runtime.viewStore.putItem(tenant, LAST_RUN, { day: next, itemType: "settings" });
  }
  return run;
}
