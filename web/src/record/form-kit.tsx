import type { ReactNode } from "react";
import type { JsonSchema } from "./json-schema.ts";

/** What every generated field needs: ids, errors by path, and a hook for custom fields. */
export interface FormContext {
  idPrefix: string;
  errors: Record<string, string>;
  /** Lets the event form draw a field itself (a term picker, the attribute editor); undefined: generic. */
  custom?: (props: FieldProps) => ReactNode | undefined;
}

export interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (next: unknown) => void;
  ctx: FormContext;
}

export type Obj = Record<string, unknown>;
export const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const fieldId = (ctx: FormContext, path: string) =>
  `${ctx.idPrefix}-${path.replaceAll(".", "-")}`;

export function ErrorText({ ctx, path }: { ctx: FormContext; path: string }) {
  const message = ctx.errors[path];
  return message ? (
    <p id={`${fieldId(ctx, path)}-error`} className="field-error">
      {message}
    </p>
  ) : null;
}

export function describedBy(ctx: FormContext, path: string) {
  return ctx.errors[path]
    ? { "aria-invalid": true as const, "aria-describedby": `${fieldId(ctx, path)}-error` }
    : {};
}
