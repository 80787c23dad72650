import type { KeyboardEvent } from "react";

/**
 * The matrix is one Tab stop: the arrow keys (and Home/End, Ctrl+Home/End) move between its
 * cells, as in a spreadsheet, so a keyboard user does not tab through every cell to leave it.
 * Cells are buttons carrying `data-row` and `data-col`; the one to focus is returned.
 */
export function nextCell(
  event: KeyboardEvent<HTMLElement>,
  rows: number,
  cols: number,
): { row: number; col: number } | null {
  const target = event.target as HTMLElement;
  const row = Number(target.dataset.row);
  const col = Number(target.dataset.col);
  if (Number.isNaN(row) || Number.isNaN(col)) return null;
  const clamp = (value: number, size: number) => Math.min(Math.max(value, 0), size - 1);
  switch (event.key) {
    case "ArrowUp":
      return { row: clamp(row - 1, rows), col };
    case "ArrowDown":
      return { row: clamp(row + 1, rows), col };
    case "ArrowLeft":
      return { row, col: clamp(col - 1, cols) };
    case "ArrowRight":
      return { row, col: clamp(col + 1, cols) };
    case "Home":
      return event.ctrlKey ? { row: 0, col: 0 } : { row, col: 0 };
    case "End":
      return event.ctrlKey ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 };
    default:
      return null;
  }
}
