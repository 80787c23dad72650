import { ApiError, api, ok } from "../api/client.ts";
import { loadEvents } from "../api/reads.ts";
import type { Effects } from "../api/types.ts";
import type { Conflict } from "./conflict.tsx";
import { effectsOf } from "./preview.tsx";

type EventBody = { type: string } & Record<string, unknown>;

export interface Previewed {
  effects: Effects;
  version: number;
  /** The exact body previewed: saving sends this, and nothing else. */
  body: string;
  idempotencyKey: string;
}

const bodyOf = (expectedVersion: number, event: EventBody) => ({
  expectedVersion,
  events: [event],
});

export async function dryRun(
  id: string,
  expectedVersion: number,
  event: EventBody,
): Promise<Previewed> {
  const json = bodyOf(expectedVersion, event);
  const outcome = await ok(
    api.agreements[":id"].events.$post({
      param: { id },
      query: { dryRun: "true" },
      header: {},
      json,
    }),
  );
  return {
    effects: effectsOf("effects" in outcome ? outcome.effects : undefined),
    version: outcome.version,
    body: JSON.stringify(json),
    idempotencyKey: crypto.randomUUID(),
  };
}

/** A saved change: its version, and whether the answers it moves were still being worked out. */
export interface Saved {
  version: number;
  answersUpdating: boolean;
}

export async function save(id: string, previewed: Previewed): Promise<Saved> {
  const json = JSON.parse(previewed.body) as ReturnType<typeof bodyOf>;
  const outcome = await ok(
    api.agreements[":id"].events.$post({
      param: { id },
      query: {},
      header: { "idempotency-key": previewed.idempotencyKey },
      json,
    }),
  );
  const updating = "answers" in outcome && outcome.answers === "updating";
  return { version: outcome.version, answersUpdating: updating };
}

/** A 409's story: which events were recorded since the version the person started from. */
export async function conflictOf(id: string, expected: number, error: ApiError): Promise<Conflict> {
  const events = await loadEvents(id, expected);
  const current = error.problem.currentVersion ?? events.at(-1)?.version ?? expected;
  return { expected, current, events };
}

export const isConflict = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 409;
