import type { FieldErrors } from "./field-errors.ts";

/**
 * Inline errors for hand-written forms: each field says what is wrong under itself, and the
 * control points at that text (aria-describedby), as the generated record forms do.
 */
export function inlineErrors(errors: FieldErrors, prefix: string) {
  const errorId = (field: string) => `${prefix}-${field.replaceAll(".", "-")}-error`;
  return {
    /** The message under a field, if any. */
    error: (field: string) =>
      errors.fields[field] ? (
        <p id={errorId(field)} className="field-error">
          {errors.fields[field]}
        </p>
      ) : null,
    /** The message's id, when there is one (for a control that has its own hint too). */
    errorIdOf: (field: string) => (errors.fields[field] ? errorId(field) : undefined),
    /** Spread on the control (or its fieldset). */
    described: (field: string) =>
      errors.fields[field]
        ? { "aria-invalid": true as const, "aria-describedby": errorId(field) }
        : {},
    /** What has no field: said once, at the top of the form. */
    general: errors.general ? (
      <p className="status error" role="alert">
        {errors.general}
      </p>
    ) : null,
  };
}
