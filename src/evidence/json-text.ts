/** Result of parsing one JSON document, with a position on failure so messages can name file and line. */
export type JsonParse =
  | { ok: true; value: unknown }
  | { ok: false; line: number; column: number; reason: string };

/** Parses JSON, turning V8's "at position N" into line and column. */
export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (err) {
    const message = (err as Error).message;
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    if (lineCol)
      return {
        ok: false,
        line: Number(lineCol[1]),
        column: Number(lineCol[2]),
        reason: firstClause(message),
      };
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, line, column, reason: firstClause(message) };
  }
}

function firstClause(message: string): string {
  return `invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '')}`;
}
