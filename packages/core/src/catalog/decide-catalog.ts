import type * as z from "zod";
import { effectiveDate, toPending } from "../agreement/envelope.ts";
import type { CalendarDate } from "../dates.ts";
import {
  AlreadyExistsError,
  ImportConflictError,
  RuleViolationError,
  ValidationError,
  zodFieldErrors,
} from "../errors.ts";
import type { PendingEvent } from "../events/envelope.ts";
import {
  type Catalog,
  type CatalogEntry,
  type CatalogKind,
  emptyCatalog,
  findEntry,
  kindNoun,
} from "./catalog.ts";
import { idFieldOf, kindOfAdded } from "./catalog-event-types.ts";
import { catalogEventSchemaOf, catalogEventTypes } from "./catalog-events.ts";
import { evolveCatalog } from "./evolve-catalog.ts";

type Path = (string | number)[];
type Data = Record<string, unknown>;
const join = (path: Path) => path.map(String).join(".");

/** Fields of an added entry that name another entry, which must already be in the catalog. */
const referencesOf: Partial<Record<CatalogKind, Record<string, CatalogKind>>> = {
  providers: { party: "parties" },
  products: { class: "product-classes", owner: "parties" },
};

function parseInput(input: unknown, path: Path): Data & { type: string } {
  const type = (input as { type?: unknown } | null)?.type;
  const schema = typeof type === "string" ? catalogEventSchemaOf(type) : undefined;
  if (!schema) {
    const message = `unknown catalog event type ${JSON.stringify(type)}; use one of: ${catalogEventTypes.join(", ")}`;
    throw new ValidationError(`${join([...path, "type"])}: ${message}`, {
      errors: [{ path: join([...path, "type"]), message }],
    });
  }
  const result = (schema as z.ZodType<Data & { type: string }>).safeParse(input);
  if (result.success) return result.data;
  const errors = zodFieldErrors(result.error, path);
  throw new ValidationError(errors.map((error) => `${error.path}: ${error.message}`).join("; "), {
    errors,
  });
}

function refuse(path: Path, message: string): never {
  throw new RuleViolationError(`${join(path)}: ${message}`, {
    errors: [{ path: join(path), message }],
  });
}

/** A launch is dated or bounded, not both: two answers to one question would contradict. */
function checkOneLaunch(data: Data, path: Path): void {
  if (typeof data.availableFrom === "string" && typeof data.availableBy === "string")
    refuse(
      [...path, "availableBy"],
      "give the launch date (availableFrom) or that it was available on or before a day (availableBy), not both",
    );
}

function checkAdded(catalog: Catalog, kind: CatalogKind, data: Data, path: Path): void {
  checkOneLaunch(data, path);
  const idField = idFieldOf[kind];
  const id = data[idField];
  if (findEntry(catalog, kind, id)) {
    const message = `the ${kindNoun[kind]} "${String(id)}" already exists; change it with PATCH or pick another id`;
    throw new AlreadyExistsError(message, {
      errors: [{ path: join([...path, idField]), message }],
    });
  }
  for (const [field, target] of Object.entries(referencesOf[kind] ?? {})) {
    if (!findEntry(catalog, target, data[field]))
      refuse(
        [...path, field],
        `there is no ${kindNoun[target]} "${String(data[field])}" in the catalog; add it first`,
      );
  }
}

function checkChanged(catalog: Catalog, data: Data, path: Path): void {
  const kind = data.kind as CatalogKind;
  if (!findEntry(catalog, kind, data.entry))
    refuse(
      [...path, "entry"],
      `there is no ${kindNoun[kind]} "${String(data.entry)}" in the catalog`,
    );
  checkOneLaunch(data, path);
  for (const field of ["availableFrom", "availableBy"])
    if (data[field] !== undefined && kind !== "products")
      refuse([...path, field], `only products have a launch date (${field})`);
}

/**
 * Decides changes to the catalog, each against the catalog as the ones before it leave it:
 * ids are unique within a kind, references point at entries that exist, and entries are
 * never deleted (terms may name them), only renamed or retired.
 */
export function decideCatalogEvents(
  catalog: Catalog,
  inputs: unknown[],
  context: { today: CalendarDate; path?: Path },
): PendingEvent[] {
  const decided: PendingEvent[] = [];
  let current = catalog;
  for (const [index, input] of inputs.entries()) {
    const path = [...(context.path ?? []), index];
    const data = parseInput(input, path);
    const kind = kindOfAdded[data.type as keyof typeof kindOfAdded];
    if (kind) checkAdded(current, kind, data, path);
    else checkChanged(current, data, path);
    const dates = effectiveDate(data.effectiveOn as string | undefined, undefined, context.today);
    if ("problem" in dates) refuse([...path, "effectiveOn"], dates.problem);
    const event = toPending(data as Parameters<typeof toPending>[0], dates);
    decided.push(event);
    current = evolveCatalog(current, {
      ...event,
      tenant: "",
      agreementId: "",
      id: "",
      version: current.version + 1,
      recordedAt: "",
      recordedBy: "",
    });
  }
  return decided;
}

const envelopeFields = new Set(["type", "effectiveOn", "precision", "sources", "origin"]);

function entryKey(input: Data): string | undefined {
  const kind = kindOfAdded[input.type as keyof typeof kindOfAdded];
  if (kind) return `${kind}/${String(input[idFieldOf[kind]])}`;
  return input.type === "CatalogEntryChanged"
    ? `${String(input.kind)}/${String(input.entry)}`
    : undefined;
}

/** The catalog a list of events would build on its own, unchecked: what an import document means to end with. */
function intendedCatalog(inputs: Data[]): Catalog {
  return inputs.reduce<Catalog>((current, input, index) => {
    const data = Object.fromEntries(
      Object.entries(input).filter(([key]) => !envelopeFields.has(key)),
    );
    const event = {
      type: String(input.type),
      data,
      effectiveOn: "",
      precision: "day" as const,
      sources: [],
    };
    return evolveCatalog(current, {
      ...event,
      tenant: "",
      agreementId: "",
      id: "",
      version: index + 1,
      recordedAt: "",
      recordedBy: "",
    });
  }, emptyCatalog());
}

const sameEntry = (a: unknown, b: unknown) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/** What an entry says that no later change can alter: another import cannot disagree on it. */
const fixedFields: Partial<Record<CatalogKind, string[]>> = {
  providers: ["party", "channel"],
  products: ["class", "owner"],
};

function disagreement(kind: CatalogKind, current: CatalogEntry, input: Data): string | undefined {
  const entry = current as unknown as Data;
  return fixedFields[kind]?.find((field) => entry[field] !== input[field]);
}

/**
 * The events of an import document that the tenant's catalog does not already reflect. An
 * entry that already stands as the document leaves it (after its renames and retirements) is
 * skipped with every event about it, so importing the same document twice writes nothing; an
 * entry that exists otherwise keeps only the document's changes to it. An entry that exists
 * with another party, channel, class or owner is a conflict: nothing is imported.
 */
export function catalogEventsNotYetApplied(
  catalog: Catalog,
  inputs: Data[],
  path: Path = [],
): Data[] {
  const intended = intendedCatalog(inputs);
  return inputs.filter((input, index) => {
    const key = entryKey(input);
    if (!key) return true;
    const [kind, id] = key.split("/") as [CatalogKind, string];
    const current = findEntry(catalog, kind, id);
    if (!current) return true;
    const added = input.type !== "CatalogEntryChanged";
    const field = added ? disagreement(kind, current, input) : undefined;
    if (field) {
      const at = join([...path, index, field]);
      const message = `the tenant's ${kindNoun[kind]} "${id}" has ${field} "${String((current as unknown as Data)[field])}", the document says "${String(input[field])}"`;
      throw new ImportConflictError(`${at}: ${message}`, { errors: [{ path: at, message }] });
    }
    return !added && !sameEntry(current, findEntry(intended, kind, id));
  });
}
