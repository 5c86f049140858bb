import type { z } from 'zod';
import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Domain } from '../../../src/model/gap.js';
import type { Inventory } from '../../../src/model/inventory.js';
import type { AwsFiles, OperationRead } from '../bundle-files.js';

export interface AwsContext {
  files: AwsFiles;
  inv: Inventory;
  now: Date;
}

export type TypedRead<T> =
  | { kind: 'ok'; path: string; value: T; ref: (pointer?: string) => EvidenceRef }
  | Exclude<OperationRead, { kind: 'ok' }>;

/** Reads an operation's output and checks its shape; a wrong shape is reported with file and field. */
export function readAs<S extends z.ZodType>(
  ctx: AwsContext,
  schema: S,
  account: string,
  region: string,
  service: string,
  operation: string,
  key?: string,
): TypedRead<z.infer<S>> {
  const read = ctx.files.read(account, region, service, operation, key);
  if (read.kind !== 'ok') return read;
  const parsed = schema.safeParse(read.data);
  if (parsed.success) return { kind: 'ok', path: read.path, value: parsed.data, ref: read.ref };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `/${issue.path.join('/')}` : '(top level)';
  const reason = `not the output of ${service} ${operation}: ${where}: ${issue?.message ?? 'unexpected shape'}`;
  ctx.files.bundle.report({ file: read.path, reason });
  return { kind: 'error', path: read.path, code: 'WrongShape', message: reason, ref: read.ref };
}

/** Reads, and on failure records a gap for `domain`; returns the value or undefined. */
export function readOrGap<S extends z.ZodType>(
  ctx: AwsContext,
  domain: Domain,
  schema: S,
  account: string,
  region: string,
  service: string,
  operation: string,
  what: string,
): { value: z.infer<S>; ref: (pointer?: string) => EvidenceRef; path: string } | undefined {
  const read = readAs(ctx, schema, account, region, service, operation);
  if (read.kind === 'ok') return read;
  ctx.inv.gaps.push(ctx.files.gap(account, region, domain, read, what));
  return undefined;
}

export function tagMap(
  tags: { Key: string; Value?: string | null }[] | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) out[t.Key] = t.Value ?? '';
  return out;
}

/**
 * ISO 8601 strings (with `T` or a space, with or without offset) and epoch seconds or milliseconds, as the CLI
 * and SDK dumps print them. AWS times without an offset are UTC: they are read so, never in the local zone.
 */
export function toIso(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? epochMs(value) : parseTime(value.trim());
  return ms === undefined || Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function epochMs(n: number): number {
  return Math.abs(n) < 1e11 ? n * 1000 : n;
}

function parseTime(s: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(s)) return epochMs(Number(s));
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    s,
  );
  if (!m) return undefined;
  const zone = m[3]
    ? m[3].toUpperCase() === 'Z'
      ? 'Z'
      : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
    : 'Z';
  return Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
}
