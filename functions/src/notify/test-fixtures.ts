import { randomBytes, randomUUID } from "node:crypto";
import type { DeadlineApproachingDetail, DomainEventDetail } from "@termline/core";
import type { EventBridgeEvent } from "aws-lambda";
import { localSecretBox } from "../aws/secret-box.ts";
import type { Runtime } from "../services/runtime.ts";

/** Bus events as EventBridge hands them to the notifier, for tests. */
export function busEvent<D>(detailType: string, detail: D): EventBridgeEvent<string, D> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": detailType,
    source: "termline",
    account: "000000000000",
    time: "2029-05-31T06:00:00Z",
    region: "us-east-1",
    resources: [],
    detail,
  };
}

export function noteAdded(tenant = "acme", id = `evt-${randomUUID()}`): DomainEventDetail {
  return {
    id,
    tenant,
    agreementId: "amazon-openai",
    version: 14,
    correlationId: "req-1",
    event: {
      id,
      type: "NoteAdded",
      version: 14,
      effectiveOn: "2026-05-01",
      precision: "day",
      recordedAt: "2026-05-01T10:00:00.000Z",
      recordedBy: "alice <legal>",
      data: { text: "Checked with counsel" },
      sources: [],
    },
  };
}

export function deadlineApproaching(tenant = "acme", leadDays = 30): DeadlineApproachingDetail {
  return {
    id: `${tenant}|amazon-contingent-tranches|${leadDays}|2029-06-30`,
    tenant,
    correlationId: "alerts-run-1",
    leadDays,
    on: "2029-05-31",
    deadline: {
      id: "amazon-contingent-tranches",
      date: "2029-06-30",
      precision: "day",
      kind: "tranche-due",
      agreementId: "amazon-openai",
      termId: "amazon-contingent-tranches",
      summary: "Contingent tranches due",
    },
  };
}

/** A runtime over test tables with a clock the test can move. */
export function testRuntime(
  stores: Pick<Runtime, "eventStore" | "viewStore">,
  now = "2029-05-31T06:00:00.000Z",
): Runtime & { setNow(instant: string): void } {
  let current = new Date(now);
  return {
    ...stores,
    clock: () => current,
    newId: randomUUID,
    // Secrets sealed as on AWS, so every delivery in the tests opens one to sign.
    secretBox: localSecretBox(randomBytes(32)),
    setNow(instant) {
      current = new Date(instant);
    },
  };
}
