import { type Catalog, findEntry, kindNoun } from "./catalog.ts";
import { idWords, kindOfField } from "./field-kinds.ts";

type Data = Record<string, unknown>;

/** A catalog id that an event names but the tenant's catalog lacks, at its path in the event. */
export interface DanglingReference {
  path: string;
  message: string;
}

function* idsAt(value: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(value))
    for (const [index, item] of value.entries()) yield [`${path}.${index}`, item];
  else if (typeof value === "string") yield [path, value];
}

/**
 * Every id in an event's data (or in an amendment's changes, a dispute's concerns, an
 * agreement's parties) that the catalog does not hold. `"all"` and `"any-cloud"` are words,
 * not ids. `type` decides what `holder` names: a provider for rights, a party for stakes.
 */
export function danglingReferences(
  catalog: Catalog,
  type: string,
  data: Data,
  prefix = "",
): DanglingReference[] {
  const found: DanglingReference[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  for (const [field, value] of Object.entries(data)) {
    if (field === "parties" && Array.isArray(value)) {
      value.forEach((entry, index) => {
        found.push(
          ...danglingReferences(
            catalog,
            type,
            { party: (entry as Data)?.party },
            at(`parties.${index}`),
          ),
        );
      });
      continue;
    }
    if (field === "concerns" && value && typeof value === "object") {
      found.push(...danglingReferences(catalog, type, value as Data, at("concerns")));
      continue;
    }
    const kind = kindOfField(field, { type });
    if (!kind || (typeof value === "string" && idWords.has(value))) continue;
    for (const [path, id] of idsAt(value, at(field))) {
      if (!findEntry(catalog, kind, id))
        found.push({
          path,
          message: `there is no ${kindNoun[kind]} "${String(id)}" in the tenant's catalog`,
        });
    }
  }
  return found;
}
