/**
 * DynamoDB expressions for the views table's plain records, built apart from the calls that
 * send them: placeholders are numbered per purpose (`#c`/`:c` conditions, `#s`/`:s` fields
 * set), and a caller's filter uses `#f`/`:f`, so they never collide.
 */

/** A DynamoDB filter on plain records: names and values are the caller's, prefixed `#f`/`:f`. */
export interface ItemFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * `ifAbsent`: only a new record. `ifUnchanged`: only over a record whose named attributes still
 * hold these values (`null`: still lacks the attribute), so two callers replacing the same
 * record cannot both succeed. Name at least one attribute with a value to require the record.
 */
export function condition(options: {
  ifAbsent?: boolean;
  ifUnchanged?: Record<string, string | number | null>;
}) {
  if (options.ifAbsent) return { ConditionExpression: "attribute_not_exists(pk)" };
  const entries = Object.entries(options.ifUnchanged ?? {});
  if (entries.length === 0) return {};
  const values = entries.flatMap(([, value], index) =>
    value === null ? [] : [[`:c${index}`, value] as const],
  );
  return {
    ConditionExpression: entries
      .map(([, value], index) =>
        value === null ? `attribute_not_exists(#c${index})` : `#c${index} = :c${index}`,
      )
      .join(" AND "),
    ExpressionAttributeNames: Object.fromEntries(
      entries.map(([name], index) => [`#c${index}`, name]),
    ),
    ...(values.length > 0 ? { ExpressionAttributeValues: Object.fromEntries(values) } : {}),
  };
}

/**
 * An update setting `fields` (undefined ones removed) on a record that exists and meets
 * `only`. Refuses no fields, or a condition using the update's own placeholders.
 */
export function fieldsUpdate(fields: Record<string, unknown>, only: ItemFilter) {
  const clash = [...Object.keys(only.names), ...Object.keys(only.values)].find((key) =>
    /^[#:]s\d+$/.test(key),
  );
  if (Object.keys(fields).length === 0 || clash)
    throw new RangeError(
      `setFields: no fields, or a condition naming ${clash} (#s/:s are its own)`,
    );
  const named = Object.entries(fields).map(([name, value], index) => ({ name, value, index }));
  const set = named.filter(({ value }) => value !== undefined);
  const removed = named.filter(({ value }) => value === undefined);
  const values = {
    ...Object.fromEntries(set.map(({ value, index }) => [`:s${index}`, value])),
    ...only.values,
  };
  return {
    UpdateExpression: [
      set.length ? `SET ${set.map(({ index }) => `#s${index} = :s${index}`).join(", ")}` : "",
      removed.length ? `REMOVE ${removed.map(({ index }) => `#s${index}`).join(", ")}` : "",
    ]
      .join(" ")
      .trim(),
    ConditionExpression: `attribute_exists(sk) AND (${only.expression})`,
    ExpressionAttributeNames: {
      ...Object.fromEntries(named.map(({ name, index }) => [`#s${index}`, name])),
      ...only.names,
    },
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}
