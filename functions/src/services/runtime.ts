import type { EventStore, ViewStore } from "@termline/store";
import type { SecretBox } from "../aws/secret-box.ts";

/**
 * What every handler is given: the stores, the clock and the id source. Handlers never reach
 * for globals, so tests and the local runtime wire the same code to DynamoDB Local.
 */
export interface Runtime {
  eventStore: EventStore;
  viewStore: ViewStore;
  clock: () => Date;
  newId: () => string;
  /** Seals webhook signing secrets for storage; absent, they are stored as they are. */
  secretBox?: SecretBox;
  /** How long a request refreshes answers before the stream projector takes over (`INLINE_ANSWERS_MS`). */
  inlineAnswersMs?: number;
}
