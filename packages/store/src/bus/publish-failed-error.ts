import type { BusEntry } from "@termline/core";

export interface FailedEntry {
  /** The entry's position in the array given to `publish`, so callers can map it back. */
  index: number;
  entry: BusEntry;
  errorCode: string;
  errorMessage: string;
}

/** Thrown by a bus when some entries could not be published after its retries; the others were. */
export class PublishFailedError extends Error {
  constructor(readonly failed: FailedEntry[]) {
    const first = failed[0];
    super(
      `${failed.length} bus ${failed.length === 1 ? "entry" : "entries"} could not be published` +
        (first
          ? ` (first: ${first.entry.detailType} ${first.errorCode}: ${first.errorMessage})`
          : ""),
    );
    this.name = "PublishFailedError";
  }

  /** The lowest input position that failed: everything before it was published. */
  get firstIndex(): number {
    return Math.min(...this.failed.map(({ index }) => index));
  }
}
