/**
 * The benchmark's DynamoDB meter: wraps `send` on the SDK's base client class, so every
 * DynamoDB call in this process is counted, whichever client made it (the app's, the stores',
 * the raw baselines'). While metering, it asks DynamoDB for `ReturnConsumedCapacity: TOTAL`
 * (DynamoDB Local computes it as AWS does: 4 KB per read unit, half for an eventually
 * consistent read, 1 KB per write unit, twice that inside a transaction) and adds it up.
 * Benchmark only: nothing in the functions is instrumented.
 */
import { createRequire } from "node:module";

/** The commands that accept `ReturnConsumedCapacity` (low-level and document-client names). */
const CAPACITY_COMMANDS =
  /^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)(Item|Items)?Command$/;
const READS = /^(Get|Query|Scan|BatchGet|TransactGet)/;

export interface Metered {
  calls: number;
  /** Calls by command name, e.g. `{ QueryCommand: 2, GetCommand: 1 }`. */
  byCommand: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

let metering = false;
let capturing = false;
let captured: SentCommand[] = [];

/** A command as it was sent: its class name, a copy of its input, and what it could follow. */
export interface SentCommand {
  name: string;
  input: Record<string, unknown>;
  /**
   * How many captured commands had been answered when it was sent: commands sent with the same
   * count depended on none of each other's answers, and may be sent together.
   */
  answeredBefore: number;
}
let answered = 0;

/** Records a command (capture only: not metered) and sends it. */
async function capture(send: () => Promise<unknown>, name: string, input: Record<string, unknown>) {
  captured.push({ name, input: structuredClone(input), answeredBefore: answered });
  try {
    return await send();
  } finally {
    answered++;
  }
}
let current: Metered = empty();

function empty(): Metered {
  return { calls: 0, byCommand: {}, readUnits: 0, writeUnits: 0 };
}

function add(name: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) {
  for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const units = entry.CapacityUnits ?? 0;
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      current.readUnits += entry.ReadCapacityUnits ?? 0;
      current.writeUnits += entry.WriteCapacityUnits ?? 0;
    } else if (READS.test(name)) current.readUnits += units;
    else current.writeUnits += units;
  }
}

/** Installs the wrapper once (the SDK is loaded as CommonJS, one copy of `@smithy/core`). */
export function installMeter(): void {
  const requireFromSdk = createRequire(
    createRequire(import.meta.url).resolve("@aws-sdk/client-dynamodb"),
  );
  const { Client } = requireFromSdk("@smithy/core/client") as {
    Client: { prototype: { send: (...args: unknown[]) => Promise<unknown> } };
  };
  const original = Client.prototype.send;
  if ((original as { metered?: boolean }).metered) return;
  const send = function (this: unknown, command: unknown, ...rest: unknown[]) {
    const name = (command as { constructor: { name: string } }).constructor.name;
    const input = (command as { input?: Record<string, unknown> }).input;
    if (capturing && input && CAPACITY_COMMANDS.test(name))
      return capture(() => original.call(this, command, ...rest), name, input);
    if (!metering || !CAPACITY_COMMANDS.test(name) || !input)
      return original.call(this, command, ...rest);
    current.calls += 1;
    current.byCommand[name] = (current.byCommand[name] ?? 0) + 1;
    input.ReturnConsumedCapacity = "TOTAL";
    return original.call(this, command, ...rest).then(
      (output) => {
        add(name, (output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity);
        return output;
      },
      (error: unknown) => {
        // A cancelled transaction or failed condition still consumed write capacity on AWS;
        // DynamoDB Local does not report it on errors, so those calls count without units.
        throw error;
      },
    );
  };
  (send as { metered?: boolean }).metered = true;
  Client.prototype.send = send;
}

/** Runs `operation` once with the meter on and returns what it cost. */
export async function meterOnce(operation: () => Promise<unknown>): Promise<Metered> {
  current = empty();
  metering = true;
  try {
    await operation();
  } finally {
    metering = false;
  }
  return current;
}

/** Runs `operation` once and returns the DynamoDB commands it sent, in order (inputs copied). */
export async function captureOnce(operation: () => Promise<unknown>): Promise<SentCommand[]> {
  captured = [];
  answered = 0;
  capturing = true;
  try {
    await operation();
  } finally {
    capturing = false;
  }
  return captured;
}
