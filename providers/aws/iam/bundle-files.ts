import { z } from 'zod';
import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { CollectionGap, Domain } from '../../../src/model/gap.js';
import { AwsFiles, encodeKey } from '../bundle-files.js';
import { gapKind } from '../error-kinds.js';

/** `<Operation>.error.json` as the collector writes it (DESIGN.md, Bundle details). */
export const apiErrorSchema = z
  .object({
    Code: z.string(),
    Message: z.string().optional(),
    HttpStatus: z.number().optional(),
    Operation: z.string().optional(),
    Parameters: z.unknown().optional(),
  })
  .passthrough();
export type ApiError = z.infer<typeof apiErrorSchema>;

export type FileRead =
  | { kind: 'ok'; path: string; value: unknown }
  | { kind: 'error'; path: string; error: ApiError }
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string; reason: string };

/** Reads `<base>.json`, or its `<base>.error.json` sibling, with the one AWS bundle reader; absence is reported, never defaulted. */
export function readApiFile(bundle: EvidenceBundle, base: string): FileRead {
  const path = `${base}.json`;
  const m = /\/([^/]+)\/([^/]+)(?:\/[^/]+)?$/.exec(base.replace(/^aws\/[^/]+\/[^/]+\//, '/'));
  const api = m ? `${m[1]}:${m[2]}` : 'unknown';
  const read = new AwsFiles(bundle).readPath(path, api);
  if (read.kind === 'ok') return { kind: 'ok', path, value: read.data };
  if (read.kind === 'missing') return { kind: 'missing', path };
  if (read.path === path) return { kind: 'unreadable', path, reason: read.message };
  return { kind: 'error', path: read.path, error: { Code: read.code, Message: read.message } };
}

/** Turns a failed or absent read into a gap that makes dependent controls `unassessed`. */
export function gapFor(
  bundle: EvidenceBundle,
  read: Exclude<FileRead, { kind: 'ok' }>,
  scope: string,
  domain: Domain,
  api: string,
  what: string,
): CollectionGap {
  if (read.kind === 'missing')
    return {
      provider: 'aws',
      scope,
      region: 'global',
      domain,
      kind: 'missing',
      reason: `${api} was not collected (${read.path} is absent), so ${what} is unknown.`,
      evidence: [],
      api,
    };
  if (read.kind === 'unreadable')
    return {
      provider: 'aws',
      scope,
      region: 'global',
      domain,
      kind: 'error',
      reason: `${read.path} could not be read (${read.reason}), so ${what} is unknown.`,
      evidence: [bundle.ref(read.path, api)],
      api,
    };
  const { Code, Message } = read.error;
  return {
    provider: 'aws',
    scope,
    region: 'global',
    domain,
    kind: gapKind(Code),
    reason: `${api} failed with ${Code}${Message ? ` (${Message})` : ''}, so ${what} is unknown.`,
    evidence: [bundle.ref(read.path, api)],
    api,
  };
}

/** Account ids that have a folder in the bundle, sorted. */
export function bundleAccounts(bundle: EvidenceBundle): string[] {
  const ids = new Set<string>();
  for (const p of bundle.paths()) {
    const m = /^aws\/(\d{12})\//.exec(p);
    if (m) ids.add(m[1] as string);
  }
  return [...ids].sort();
}

export function globalPath(account: string, service: string, operation: string, key?: string): string {
  const base = `aws/${account}/global/${service}/${operation}`;
  return key === undefined ? base : `${base}/${encodeKey(key)}`;
}
