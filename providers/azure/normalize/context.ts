import type { z } from 'zod';
import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Domain } from '../../../src/model/gap.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { type AzureFiles, type CommandRead, liftProperties, listItems } from '../bundle-files.js';

/** ARM ids compare case-insensitively: the first spelling seen is used for every reference to the same id. */
export class ArmIds {
  private readonly spelling = new Map<string, string>();
  add(id: string): string {
    const k = id.toLowerCase();
    const known = this.spelling.get(k);
    if (known) return known;
    this.spelling.set(k, id);
    return id;
  }
  /** The canonical spelling of an id referenced elsewhere (registered ids win, unknown ones are kept). */
  of(id: string): string {
    return this.spelling.get(id.toLowerCase()) ?? this.add(id);
  }
}

export interface AzureContext {
  files: AzureFiles;
  inv: Inventory;
  now: Date;
  ids: ArmIds;
}

export interface ListRead<T> {
  items: { value: T; pointer: string }[];
  ref: (pointer?: string) => EvidenceRef;
  path: string;
}

/** Where each item sits in the file: `/3` for az's list, `/value/3` for ARM's page shape. */
function pointerBase(data: unknown): string {
  return Array.isArray(data) ? '' : '/value';
}

function report(
  ctx: AzureContext,
  path: string,
  command: string,
  issue: z.core.$ZodIssue | undefined,
  at: string,
) {
  const where = issue?.path.length ? `${at}/${issue.path.join('/')}` : at || '(top level)';
  ctx.files.bundle.report({
    file: path,
    reason: `not the output of ${command}: ${where}: ${issue?.message ?? 'unexpected shape'}`,
  });
}

/**
 * A list command's items, each checked against `schema` (a bad item is reported and skipped); a missing or failed
 * file records a gap for `domain` and returns undefined.
 */
export function readList<S extends z.ZodType>(
  ctx: AzureContext,
  schema: S,
  folder: string,
  command: string,
  domain: Domain,
  what: string,
  key?: string,
  region = 'global',
): ListRead<z.infer<S>> | undefined {
  const read = ctx.files.read(folder, command, key);
  if (read.kind !== 'ok') {
    ctx.inv.gaps.push(ctx.files.gap(folder, region, domain, read, what));
    return undefined;
  }
  const list = listItems(read.data);
  if (!list) {
    report(ctx, read.path, command, undefined, '');
    ctx.inv.gaps.push(
      ctx.files.gap(
        folder,
        region,
        domain,
        { ...asError(read), message: `${read.path} is not a list` },
        what,
      ),
    );
    return undefined;
  }
  const base = pointerBase(read.data);
  const items: { value: z.infer<S>; pointer: string }[] = [];
  list.forEach((raw, i) => {
    const parsed = schema.safeParse(liftProperties(raw));
    if (parsed.success) items.push({ value: parsed.data, pointer: `${base}/${i}` });
    else report(ctx, read.path, command, parsed.error.issues[0], `${base}/${i}`);
  });
  return { items, ref: read.ref, path: read.path };
}

/** One object; missing or failed is a gap unless the error code answers (`answers`). */
export function readObject<S extends z.ZodType>(
  ctx: AzureContext,
  schema: S,
  folder: string,
  command: string,
  key: string | undefined,
):
  | { kind: 'ok'; value: z.infer<S>; ref: (pointer?: string) => EvidenceRef }
  | Exclude<CommandRead, { kind: 'ok' }> {
  const read = ctx.files.read(folder, command, key);
  if (read.kind !== 'ok') return read;
  const parsed = schema.safeParse(liftProperties(read.data));
  if (parsed.success) return { kind: 'ok', value: parsed.data, ref: read.ref };
  report(ctx, read.path, command, parsed.error.issues[0], '');
  return { ...asError(read), message: `${read.path} is not the output of ${command}` };
}

function asError(read: Extract<CommandRead, { kind: 'ok' }>): Extract<CommandRead, { kind: 'error' }> {
  return {
    kind: 'error',
    path: read.path,
    code: 'WrongShape',
    message: `${read.path} has an unexpected shape`,
    ref: read.ref,
  };
}

/** Tags as written; Azure compares keys case-insensitively, which the controls do. */
export function tagMap(tags: Record<string, string | null> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) out[k] = v ?? '';
  return out;
}

export function location(value: string | null | undefined): string {
  return (value ?? 'global').toLowerCase().replace(/\s+/g, '');
}

/** `/subscriptions/S/resourceGroups/RG/…` → `/subscriptions/S/resourceGroups/RG` (lower-case, for scope tests). */
export function resourceGroupOf(id: string): string | undefined {
  return /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/i.exec(id)?.[1]?.toLowerCase();
}

export function vnetOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, '');
}
