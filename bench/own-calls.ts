/**
 * An operation's own DynamoDB calls, sent raw: the floor of what the operation can cost with the
 * calls it makes, whatever the code around them does. Reads are sent again as they were; a
 * write puts the same items (same tables, sizes and attributes) under fresh keys, so each
 * replay writes as much as the original did and no item of the app is touched.
 */
import { randomUUID } from "node:crypto";
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Bench, Row } from "./bench-harness.ts";
import type { SentCommand } from "./capacity.ts";
import type { Sample } from "./stats.ts";

/** The baseline's name in the report: an operation's own calls, sent raw. */
export const OWN_CALLS = "its own calls, raw";

type Input = Record<string, unknown>;
type PutInput = { TableName: string; Item: Input };

/**
 * The same item under a key no other item has, and of a type no reader lists (a replayed event
 * must not reach a scan of the log); a condition that it is new, as an append's are.
 */
function freshPut({ TableName, Item }: PutInput): PutInput & { ConditionExpression: string } {
  const typed = "itemType" in Item ? { itemType: "bench-replay" } : {};
  return {
    TableName,
    Item: { ...Item, ...typed, pk: `bench-replay#${randomUUID()}` },
    ConditionExpression: "attribute_not_exists(pk)",
  };
}

/** A transaction's items rekeyed; any other kind of item would not replay as it ran, so it stops the run. */
function freshTransaction(input: Input): Input {
  const items = (input.TransactItems ?? []) as Input[];
  return {
    TransactItems: items.map((item) => {
      if (!item.Put || Object.keys(item).length !== 1)
        throw new Error(`own calls: cannot replay a transaction item ${Object.keys(item)}`);
      return { Put: freshPut(item.Put as PutInput) };
    }),
  };
}

/** One captured command made sendable again. */
function replayable(command: SentCommand) {
  const { name, input } = command;
  switch (name) {
    case "GetCommand":
      return () => new GetCommand(input as never);
    case "BatchGetCommand":
      return () => new BatchGetCommand(input as never);
    case "QueryCommand":
      return () => new QueryCommand(input as never);
    case "PutCommand":
      return () => new PutCommand(freshPut(input as PutInput));
    case "TransactWriteCommand":
      return () => new TransactWriteCommand(freshTransaction(input) as never);
    default:
      throw new Error(`own calls: cannot replay ${name}`);
  }
}

/**
 * Sends `commands` with the benchmark's raw client as the operation sent them: in rounds, each
 * the commands sent before any more of them was answered, together; undefined for none.
 */
export function ownCallsRaw(
  bench: Bench,
  commands: SentCommand[],
): (() => Promise<void>) | undefined {
  if (commands.length === 0) return undefined;
  const rounds: ReturnType<typeof replayable>[][] = [];
  let roundAfter = -1;
  for (const command of commands) {
    const round = command.answeredBefore === roundAfter ? rounds.at(-1) : undefined;
    if (round) round.push(replayable(command));
    else rounds.push([replayable(command)]);
    roundAfter = command.answeredBefore;
  }
  return async () => {
    for (const round of rounds)
      await Promise.all(round.map((make) => bench.raw.send(make() as never)));
  };
}

/** What the replay sends, for the report: e.g. "BatchGet (4 items), TransactWrite (4 puts)". */
export function describeCalls(commands: SentCommand[]): string {
  return commands
    .map(({ name, input, answeredBefore }, index) => {
      const together = index > 0 && commands[index - 1]?.answeredBefore === answeredBefore;
      return `${together ? "with it " : ""}${described(name, input)}`;
    })
    .join(", ");
}

function described(name: string, input: Input): string {
  const short = name.replace(/Command$/, "");
  if (Array.isArray(input.TransactItems)) return `${short} (${input.TransactItems.length} puts)`;
  const batch = input.RequestItems as Record<string, { Keys?: unknown[] }> | undefined;
  if (!batch) return short;
  const keys = Object.values(batch).reduce((sum, { Keys }) => sum + (Keys?.length ?? 0), 0);
  return `${short} (${keys} items)`;
}

/** An operation's row against its own calls sent raw in the same rounds: what the API adds. */
export const overOwnCalls = (
  name: string,
  sample: Sample,
  calls: SentCommand[],
  raw: Sample,
): Row => ({
  name: `${name}, over its calls made raw`,
  sample,
  base: raw,
  baseline: OWN_CALLS,
  note: `${describeCalls(calls)}: what the API adds to them`,
});
