import { type EvidenceRef, type Known, unknown } from '../../../src/model/evidence.js';
import type { LogDestination } from '../../../src/model/logging.js';
import { nodeName } from '../bundle-paths.js';
import { arrayOf, bucketSchema, type Sink, sinkSchema } from '../shapes.js';
import { type GcpContext, projectNode, readNode } from './context.js';

export const AUDIT_ACTIVITY = 'cloudaudit.googleapis.com/activity';
export const VPC_FLOWS = 'compute.googleapis.com/vpc_flows';
export const DNS_QUERIES = 'dns.googleapis.com/dns_queries';

/** `_Required` keeps Admin Activity audit logs 400 days, locked: the platform's own copy. */
const REQUIRED_DAYS = 400;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether a sink's filter keeps a log: an empty filter keeps everything; a filter naming the log keeps it unless it
 * names it under NOT; a filter of exclusions only keeps what it does not exclude; any other filter that does not name
 * it is read as not keeping it (what it selects cannot be decided offline).
 */
export function keepsLog(filter: string | null | undefined, logId: string): boolean {
  const f = (filter ?? '').trim();
  if (!f) return true;
  const names = `(?:${escapeRegExp(logId)}|${escapeRegExp(logId.replace('/', '%2F'))})`;
  if (
    new RegExp(`NOT\\s+(?:LOG_ID\\(\\s*"${names}"\\s*\\)|logName\\s*[:=]\\s*"?[^"\\s)]*${names})`, 'i').test(
      f,
    )
  )
    return false;
  if (new RegExp(names, 'i').test(f)) return true;
  // Only exclusions joined by AND (as `_Default` has): everything they do not name is kept.
  return f.split(/\s+AND\s+/i).every((part) => /^NOT\s/i.test(part.trim()));
}

function excluded(sink: Sink, logId: string): boolean {
  return (sink.exclusions ?? []).some((e) => !e.disabled && e.filter && keepsLog(e.filter, logId));
}

/** Days a Cloud Logging bucket keeps entries, from its project's bucket listing. */
function bucketRetention(ctx: GcpContext, bucket: string, ev: EvidenceRef[]): Known<number | null> {
  const project = /^projects\/([^/]+)\/locations\//.exec(bucket)?.[1];
  const name = bucket.split('/').pop();
  if (project && /^(_Required)$/.test(name ?? '')) return REQUIRED_DAYS;
  const r = project
    ? ctx.files.readAs(
        arrayOf(bucketSchema),
        projectNode(ctx.projectIds.get(project) ?? project),
        'logging-buckets-list',
      )
    : undefined;
  if (!r || r.kind === 'missing')
    return unknown(
      `the log buckets of ${project ?? bucket} were not collected (gcloud logging buckets list)`,
      ev,
    );
  if (r.kind === 'error')
    return unknown(`listing the log buckets of ${project} failed (${r.code})`, [r.ref()]);
  const i = r.value.findIndex(
    (b) =>
      b.name.replace(/\/locations\/[^/]+\//, '/locations/*/') ===
      bucket.replace(/\/locations\/[^/]+\//, '/locations/*/'),
  );
  const b = r.value[i];
  if (!b) return unknown(`log bucket ${bucket} is not in its project's bucket listing`, [r.ref()]);
  ev.push(r.ref(`/${i}`));
  // Cloud Logging's default when a bucket states none is 30 days.
  return b.retentionDays ?? 30;
}

/** Where one sink delivers, and for how long the destination keeps entries. */
function destinationOf(ctx: GcpContext, sink: Sink, ref: EvidenceRef): LogDestination {
  const d = sink.destination;
  const ev = [ref];
  if (d.startsWith('logging.googleapis.com/')) {
    const bucket = d.slice('logging.googleapis.com/'.length);
    if (!bucket.includes('/buckets/'))
      return {
        kind: 'log-group',
        id: bucket,
        retentionDays: unknown(
          `sink ${sink.name} routes to project ${bucket}, whose own sinks decide where entries stay`,
          ev,
        ),
        evidence: ev,
      };
    return { kind: 'log-group', id: bucket, retentionDays: bucketRetention(ctx, bucket, ev), evidence: ev };
  }
  if (d.startsWith('storage.googleapis.com/'))
    return {
      kind: 'object-storage',
      id: d.slice('storage.googleapis.com/'.length),
      retentionDays: unknown(
        `the retention and lifecycle of Cloud Storage bucket ${d.slice('storage.googleapis.com/'.length)} are not collected`,
        ev,
      ),
      evidence: ev,
    };
  if (d.startsWith('bigquery.googleapis.com/'))
    return {
      kind: 'workspace',
      id: d.slice('bigquery.googleapis.com/'.length),
      retentionDays: unknown('the table expiration of BigQuery dataset destinations is not collected', ev),
      evidence: ev,
    };
  return {
    kind: 'stream',
    id: d,
    retentionDays: unknown(
      `sink ${sink.name} forwards to ${d}; where entries are kept after it is unknown`,
      ev,
    ),
    evidence: ev,
  };
}

export interface Routing {
  destinations: LogDestination[];
  /** Why the list may be incomplete (a sink listing that could not be read). */
  unread: string[];
  evidence: EvidenceRef[];
}

/**
 * Where a project's entries of `logId` land: its own sinks (`_Required`, `_Default` and user sinks) and the sinks of
 * folders and the organization above that include children.
 */
export function routeLog(ctx: GcpContext, project: string, logId: string): Routing {
  const out: Routing = { destinations: [], unread: [], evidence: [] };
  const own = ctx.files.readAs(arrayOf(sinkSchema), projectNode(project), 'logging-sinks-list');
  if (own.kind === 'ok') {
    out.evidence.push(own.ref());
    own.value.forEach((s, i) => {
      if (s.disabled || excluded(s, logId) || !keepsLog(s.filter, logId)) return;
      out.destinations.push(destinationOf(ctx, s, own.ref(`/${i}`)));
    });
  } else out.unread.push(`the sinks of project ${project}`);
  for (const node of ctx.ancestry.get(project) ?? []) {
    const r = readNode(ctx, arrayOf(sinkSchema), node, 'logging-sinks-list');
    if (r.kind !== 'ok') {
      out.unread.push(`the sinks of ${nodeName(node)}`);
      continue;
    }
    r.value.forEach((s, i) => {
      if (!s.includeChildren || s.disabled || excluded(s, logId) || !keepsLog(s.filter, logId)) return;
      out.destinations.push(destinationOf(ctx, s, r.ref(`/${i}`)));
    });
  }
  return out;
}

export function requiredBucket(project: string): LogDestination {
  return {
    kind: 'log-group',
    id: `projects/${project}/locations/global/buckets/_Required`,
    retentionDays: REQUIRED_DAYS,
    evidence: [],
  };
}
