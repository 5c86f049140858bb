import { inertText } from '../text/inert.js';

/** A value from a cloud in one table cell: on one line, with control characters shown as escapes. */
export function plain(value: string): string {
  return inertText(value.replace(/[\r\n\t\u2028\u2029]+/g, ' '));
}

/** Left-aligned columns (right-aligned where `numeric`), two spaces apart, for terminal tables. */
export function columns(rows: readonly string[][], numeric: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => (numeric.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
