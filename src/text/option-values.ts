/** Parsers for option values shared by every provider's CLI options; they throw with a plain message. */

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A comma list whose every item matches `pattern`; the error names the items that do not. */
export function parseListOf(pattern: RegExp, what: string): (value: string) => string[] {
  return (value) => {
    const list = parseList(value);
    const bad = list.filter((v) => !pattern.test(v));
    if (bad.length) throw new Error(`not ${what}: ${bad.join(', ')}`);
    return list;
  };
}

export function parseUrl(value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`"${value}" is not a URL`);
  }
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error('expected a whole number 1-1024');
  return n;
}
