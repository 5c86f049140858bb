import type { z } from 'zod';
import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Inventory } from '../../../src/model/inventory.js';
import type { Policy } from '../../../src/policy/schema.js';
import type { FileRead, GcpFiles } from '../bundle-files.js';
import type { HierarchyNode } from '../bundle-paths.js';

export interface GcpContext {
  files: GcpFiles;
  inv: Inventory;
  now: Date;
  policy: Policy;
  /** Project number → project id, for names the APIs write with numbers. */
  projectIds: Map<string, string>;
  /** Each project's ancestors, organization first; null when its ancestry was not read. */
  ancestry: Map<string, HierarchyNode[] | null>;
}

export type Read<T> = { value: T; path: string; ref: (pointer?: string) => EvidenceRef };

export const projectNode = (project: string): HierarchyNode => ({ kind: 'project', id: project });

/** Reads a project's file; on failure records the gap (with `what` in its reason) and returns undefined. */
export function readOrGap<S extends z.ZodType>(
  ctx: GcpContext,
  schema: S,
  project: string,
  command: string,
  key?: string,
  what?: string,
): Read<z.infer<S>> | undefined {
  const r: FileRead<z.infer<S>> = ctx.files.readAs(schema, projectNode(project), command, key);
  if (r.kind === 'ok') return r;
  ctx.inv.gaps.push(ctx.files.gap(project, command, r, what));
  return undefined;
}

/** Reads an ancestor's (or billing account's) file; failures are returned for the caller to attribute. */
export function readNode<S extends z.ZodType>(
  ctx: GcpContext,
  schema: S,
  node: HierarchyNode,
  command: string,
  key?: string,
): FileRead<z.infer<S>> {
  return ctx.files.readAs(schema, node, command, key);
}

/** A project id for a `projects/<number or id>` name. */
export function projectIdOf(ctx: GcpContext, idOrNumber: string): string {
  return ctx.projectIds.get(idOrNumber) ?? idOrNumber;
}
