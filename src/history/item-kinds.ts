import { createHash } from 'node:crypto';
import type { Coverage, Detection } from '../model/detection.js';
import type { Finding, Severity } from '../model/finding.js';
import type { HistorySection } from '../model/history.js';
import type { Creator } from '../model/identity.js';

/** The four arrays of findings.json that history tracks item by item. */
export type ItemKind = 'finding' | 'creator' | 'detection' | 'coverage';
export const itemKinds: readonly ItemKind[] = ['finding', 'creator', 'detection', 'coverage'];
export const sectionOf: Record<ItemKind, HistorySection> = {
  finding: 'findings',
  creator: 'creators',
  detection: 'detections',
  coverage: 'coverage',
};

/** How a state reads for the diff: open and failing, open but accepted, fine, or not looked at. */
export type Condition = 'failing' | 'waived' | 'ok' | 'unknown';

export type ItemOf<K extends ItemKind> = {
  finding: Finding;
  creator: Creator;
  detection: Detection;
  coverage: Coverage;
}[K];

type AnyItem = Finding | Creator | Detection | Coverage;

interface KindRules<T> {
  /** Stable across runs: the same resource, principal path, instance or leg keeps its key. */
  key(item: T): string;
  /** The item's state in its own words (a finding's status, `unapproved`, a verdict, `blind`). */
  state(item: T): string;
  condition(state: string): Condition;
  severity(item: T): Severity | undefined;
  label(item: T): string;
  region(item: T): string | undefined;
  /** What changed between two open versions, in words; empty when nothing that matters did. */
  changes(was: T, now: T): string[];
}

const key16 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

const findingRules: KindRules<Finding> = {
  key: (f) => f.id,
  state: (f) => f.status,
  condition: (s) =>
    s === 'fail' ? 'failing' : s === 'waived' ? 'waived' : s === 'unassessed' ? 'unknown' : 'ok',
  severity: (f) => f.severity,
  label: (f) => `${f.control} ${f.resource.name ? `${f.resource.id} (${f.resource.name})` : f.resource.id}`,
  region: (f) => f.region,
  changes: (was, now) => [
    ...(was.status !== now.status ? [`status ${was.status} → ${now.status}`] : []),
    ...(was.severity !== now.severity ? [`severity ${was.severity} → ${now.severity}`] : []),
    ...(was.reason !== now.reason ? [`reason was: ${was.reason}`] : []),
  ],
};

const creatorRules: KindRules<Creator> = {
  // One entry per path (DESIGN.md): the principal with the chain and escalation it takes.
  key: (c) =>
    key16(
      `${c.provider}|${c.scope}|creator|${c.principal.id}|${c.via.join('>')}|${(c.escalation ?? []).join(',')}`,
    ),
  state: (c) => (c.approved ? 'approved' : 'unapproved'),
  condition: (s) => (s === 'unapproved' ? 'failing' : 'ok'),
  severity: () => undefined,
  label: (c) => `${c.principal.id}${c.via.length ? ` via ${c.via.join(' → ')}` : ''}`,
  region: () => undefined,
  changes: (was, now) => {
    const out: string[] = [];
    const added = now.actions.filter((a) => !was.actions.includes(a));
    const removed = was.actions.filter((a) => !now.actions.includes(a));
    if (added.length) out.push(`can now ${added.join(', ')}`);
    if (removed.length) out.push(`no longer ${removed.join(', ')}`);
    if (was.external !== now.external) out.push(now.external ? 'now from outside' : 'no longer from outside');
    if ((was.longLivedKeys ?? false) !== (now.longLivedKeys ?? false))
      out.push(now.longLivedKeys ? 'now holds long-lived keys' : 'no longer holds long-lived keys');
    const conditions = (c: Creator) => (c.conditions ?? []).map((k) => k.text).join('; ');
    if (conditions(was) !== conditions(now)) out.push(`conditions now: ${conditions(now) || 'none'}`);
    return out;
  },
};

const detectionRules: KindRules<Detection> = {
  key: (d) => d.id,
  state: (d) => (d.waiver ? 'waived' : d.verdict),
  condition: (s) => (s === 'waived' ? 'waived' : s === 'benign-explained' ? 'ok' : 'failing'),
  severity: () => undefined,
  label: (d) => `${d.instance.id}${d.createdBy ? ` created by ${d.createdBy}` : ''}`,
  region: (d) => d.instance.region,
  changes: (was, now) => [
    ...(was.verdict !== now.verdict ? [`verdict ${was.verdict} → ${now.verdict}`] : []),
    ...(was.destinations.join() !== now.destinations.join()
      ? [`destinations now ${now.destinations.join(', ') || 'none'}`]
      : []),
  ],
};

const coverageRules: KindRules<Coverage> = {
  key: (c) => key16(`${c.provider}|${c.scope}|coverage|${c.leg}|${c.resource}`),
  state: (c) => (c.blind ? 'blind' : 'seen'),
  condition: (s) => (s === 'blind' ? 'failing' : 'ok'),
  severity: () => undefined,
  label: (c) => `${c.leg} leg of ${c.resource}`,
  region: () => undefined,
  changes: () => [],
};

const rules: { [K in ItemKind]: KindRules<ItemOf<K>> } = {
  finding: findingRules,
  creator: creatorRules,
  detection: detectionRules,
  coverage: coverageRules,
};

/** The rules of one kind, for items whose kind is known only at run time. */
export function rulesOf(kind: ItemKind): KindRules<AnyItem> {
  return rules[kind] as KindRules<AnyItem>;
}

/** Failing or waived: the states whose age people ask about. */
export function isOpen(item: { kind: ItemKind; state: string }): boolean {
  const c = rulesOf(item.kind).condition(item.state);
  return c === 'failing' || c === 'waived';
}
