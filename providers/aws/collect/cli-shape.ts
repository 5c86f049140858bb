import type { Declaration, Output } from './declaration.js';

/** `2026-01-02T03:04:05+00:00`, or with microseconds when there are any: how the AWS CLI v2 prints a timestamp. */
export function cliTimestamp(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}

/** SDK values as the CLI prints them: timestamps in ISO 8601, blobs in base64, no `$metadata`. */
export function toCliValue(value: unknown): unknown {
  if (value instanceof Date) return cliTimestamp(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toCliValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      out[k] = toCliValue(v);
    }
    return out;
  }
  return value;
}

/**
 * All pages of one operation as the CLI's paginator prints them: result lists concatenated (present even when
 * empty), other members from the first page, page tokens dropped.
 */
export function mergeOutputs(decl: Declaration, pages: Output[]): Output {
  const results = decl.paging?.results ?? decl.merge ?? [];
  const drop = new Set(['$metadata', decl.paging?.output, decl.paging?.more].filter(Boolean) as string[]);
  const out: Output = {};
  for (const key of results) out[key] = [];
  pages.forEach((page, i) => {
    for (const [k, v] of Object.entries(page)) {
      if (drop.has(k) || v === undefined) continue;
      if (results.includes(k)) out[k] = [...(out[k] as unknown[]), ...(Array.isArray(v) ? v : [])];
      else if (i === 0) out[k] = v;
    }
  });
  return out;
}

/** The file content for a successful call, from its merged pages. */
export function cliOutput(decl: Declaration, merged: Output): Output {
  return toCliValue(decl.cliShape ? decl.cliShape(merged) : merged) as Output;
}
