import { type Matrix, withoutReasons } from "@termline/core";

/**
 * The two forms the API serves a matrix in, each with what it must equal given the evaluator's
 * matrix: decisions alone (read from the cells' summaries), and with `reasons=true` (read from
 * the periods holding the date). `path` has a query already.
 */
export const matrixForms = (path: string, matrix: Matrix) =>
  [
    { path, expected: asSent(withoutReasons(matrix)) },
    { path: `${path}&reasons=true`, expected: asSent(matrix) },
  ] as const;

const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
