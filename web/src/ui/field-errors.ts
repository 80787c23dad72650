import { ApiError } from "../api/client.ts";

/** Field errors keyed by path ("name", "sources.0.publication"), and what has no field. */
export interface FieldErrors {
  fields: Record<string, string>;
  general: string | null;
}

export const noErrors: FieldErrors = { fields: {}, general: null };

/**
 * Turns an API problem's `errors[].path` into inline errors. `prefix` strips the request's own
 * nesting ("events.0."), so paths line up with the form's fields.
 */
export function fieldErrorsOf(
  error: unknown,
  prefix = "",
  known?: (path: string) => boolean,
): FieldErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, general: error instanceof Error ? error.message : String(error) };
  }
  const fields: Record<string, string> = {};
  const loose: string[] = [];
  for (const item of error.problem.errors ?? []) {
    const path = item.path.startsWith(prefix) ? item.path.slice(prefix.length) : item.path;
    if (path && path !== prefix.replace(/\.$/, "") && (!known || known(path))) {
      fields[path] = fields[path] ? `${fields[path]}; ${item.message}` : item.message;
    } else loose.push(item.message);
  }
  const general =
    loose.length > 0
      ? loose.join("; ")
      : Object.keys(fields).length === 0
        ? `${error.problem.title}: ${error.problem.detail}`
        : null;
  return { fields, general };
}
