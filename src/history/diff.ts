import { type Severity, severities } from '../model/finding.js';
import {
  type ChangeKind,
  type ChangeSet,
  changeKinds,
  type HistoryChange,
  type HistorySection,
  historySections,
} from '../model/history.js';
import type { Provider } from '../model/provider.js';
import type { RunHeader, StoredItem } from './compact-run.js';
import { type Condition, type ItemKind, isOpen, rulesOf, sectionOf } from './item-kinds.js';
import type { FirstSeen, RunSummary, StoredRun } from './store.js';

const day = 86_400_000;

type Parsed = Record<string, unknown> & { provider: Provider; scope: string };

/** A run as the diff reads it: items by `kind|key`, and what it looked at. */
class RunView {
  readonly summary: RunSummary;
  readonly items = new Map<string, StoredItem>();
  private readonly scopes: Map<string, string>;
  private readonly regions: Set<string>;
  private readonly controls: Set<string>;
  private readonly controlsSeen: Set<string>;
  /** `provider|control` judged somewhere in the run: the control ran (it is not switched off). */
  private readonly controlsRan: Set<string>;
  private readonly skipped: Set<string>;
  private readonly telemetry: boolean;

  constructor(run: StoredRun) {
    this.summary = run.summary;
    for (const item of run.items) {
      const k = `${item.kind}|${item.key}`;
      if (!this.items.has(k)) this.items.set(k, item);
    }
    const h: RunHeader = run.header;
    const doc = h.document as {
      scopes?: { provider: string; id: string; status: string }[];
      inputs?: { regionsSkipped?: { scope: string; region: string }[] };
    };
    this.scopes = new Map((doc.scopes ?? []).map((s) => [`${s.provider}|${s.id}`, s.status]));
    this.skipped = new Set((doc.inputs?.regionsSkipped ?? []).map((r) => `${r.scope}|${r.region}`));
    this.regions = new Set(h.collected.regions);
    this.controls = new Set(h.collected.controls);
    this.controlsSeen = new Set(h.collected.controlsSeen);
    this.controlsRan = new Set(h.collected.controls.map((c) => c.replace(/\|[^|]*\|/, '|')));
    this.telemetry = h.collected.telemetry;
  }

  /**
   * Did this run look where the item lives? If not, its absence says nothing. A control looked in a scope when
   * it judged something there, or ran elsewhere and left nothing there (no unassessed result): the resource went.
   */
  looked(kind: ItemKind, item: Parsed): boolean {
    const scope = `${item.provider}|${item.scope}`;
    const scopeSeen = ['assessed', 'partial'].includes(this.scopes.get(scope) ?? '');
    if (kind === 'detection' || kind === 'coverage') return this.telemetry;
    const control = kind === 'creator' ? 'creation-permissions' : String(item.control);
    const judged =
      this.controls.has(`${scope}|${control}`) ||
      (!this.controlsSeen.has(`${scope}|${control}`) && this.controlsRan.has(`${item.provider}|${control}`));
    if (kind === 'creator') return scopeSeen && judged;
    const region = item.region as string | undefined;
    if (region && (!this.regions.has(`${scope}|${region}`) || this.skipped.has(`${item.scope}|${region}`)))
      return false;
    return scopeSeen && judged;
  }
}

type Side = Condition | 'absent';

const open = (c: Condition | undefined) => c === 'failing' || c === 'waived';

/** Items open in either run: the ones whose first-seen dates the diff needs. */
export function openItems(runs: readonly (StoredRun | null)[]): { kind: ItemKind; key: string }[] {
  const keys = new Map<string, { kind: ItemKind; key: string }>();
  for (const run of runs)
    for (const i of run?.items ?? [])
      if (isOpen(i)) keys.set(`${i.kind}|${i.key}`, { kind: i.kind, key: i.key });
  return [...keys.values()];
}

/** Content addresses of the bodies the diff reads (open items; both versions only where they differ). */
export function bodiesNeeded(a: StoredRun | null, b: StoredRun): string[] {
  const after = new Map(b.items.map((i) => [`${i.kind}|${i.key}`, i]));
  const need = new Set<string>();
  for (const i of b.items) if (isOpen(i)) need.add(i.hash);
  for (const i of a?.items ?? []) {
    if (!isOpen(i)) continue;
    const later = after.get(`${i.kind}|${i.key}`);
    if (!later || !isOpen(later) || later.hash !== i.hash) need.add(i.hash);
  }
  return [...need];
}

/**
 * What changed from run `a` to run `b`, by stable key: new, regressed (open before, fixed, open again), changed
 * (severity, reason, status or verdict), persisting (with first seen and age), resolved, and unknown where `b`
 * did not look. With no earlier run every open item is persisting: nothing is new until there is a run to compare.
 * Bodies not loaded with the runs come from `bodies` (see bodiesNeeded).
 */
export function diffRuns(
  a: StoredRun | null,
  b: StoredRun,
  firstSeen: ReadonlyMap<string, FirstSeen>,
  bodies: ReadonlyMap<string, string> = new Map(),
): Record<HistorySection, ChangeSet> {
  const was = a ? new RunView(a) : null;
  const now = new RunView(b);
  const parsed = new Map<string, Parsed>();
  const body = (item: StoredItem): Parsed => {
    let v = parsed.get(item.hash);
    if (!v) {
      const text = item.body ?? bodies.get(item.hash);
      if (text === undefined) throw new Error(`history: the body of ${item.kind} ${item.key} was not loaded`);
      v = JSON.parse(text) as Parsed;
      parsed.set(item.hash, v);
    }
    return v;
  };
  const out = Object.fromEntries(historySections.map((s) => [s, [] as HistoryChange[]])) as Record<
    HistorySection,
    HistoryChange[]
  >;
  const toTime = Date.parse(b.summary.generatedAt);
  const from = was?.summary;
  const keys = new Set([...now.items.keys(), ...(was?.items.keys() ?? [])]);
  for (const k of keys) {
    const before = was?.items.get(k);
    const after = now.items.get(k);
    const kind = (after ?? before)?.kind as ItemKind;
    const rules = rulesOf(kind);
    const ca0 = before ? rules.condition(before.state) : undefined;
    const cb0 = after ? rules.condition(after.state) : undefined;
    if (!open(ca0) && !open(cb0)) continue;
    // An absent side is looked up only when it matters: gone (resolved) or never looked at (unknown).
    const ca: Side = !was
      ? 'unknown'
      : ca0
        ? ca0
        : was.looked(kind, body(after as StoredItem))
          ? 'absent'
          : 'unknown';
    const cb: Side = cb0 ? cb0 : now.looked(kind, body(before as StoredItem)) ? 'absent' : 'unknown';
    const fs = firstSeen.get(k);
    // Open before the earlier run: then "not open in a" means fixed in between (regressed), not new.
    const earlier =
      fs && from && (fs.at < from.generatedAt || (fs.at === from.generatedAt && fs.run < from.id));
    let change: ChangeKind | undefined;
    let changes: string[] | undefined;
    if (cb === 'failing') {
      if (!was) change = 'persisting';
      else if (ca === 'failing') {
        changes =
          before?.hash === after?.hash
            ? []
            : rules.changes(body(before as StoredItem) as never, body(after as StoredItem) as never);
        change = changes.length ? 'changed' : 'persisting';
      } else if (ca === 'waived') {
        change = 'changed';
        changes = [`${before?.state} → ${after?.state}`];
      } else if (ca === 'unknown') change = earlier ? 'persisting' : 'new';
      else change = earlier ? 'regressed' : 'new';
    } else if (cb === 'waived') {
      if (!was) change = 'persisting';
      else if (ca === 'failing') {
        change = 'changed';
        changes = [`${before?.state} → ${after?.state}`];
      }
    } else if (cb === 'ok' || cb === 'absent') {
      if (ca === 'failing' || ca === 'waived') change = 'resolved';
    } else if (ca === 'failing' || ca === 'waived') change = 'unknown';
    if (!change) continue;
    const item =
      after && change !== 'resolved' && change !== 'unknown'
        ? body(after)
        : body((before ?? after) as StoredItem);
    const severity = rules.severity(item as never) ?? undefined;
    const region = rules.region(item as never);
    const entry: HistoryChange = {
      change,
      key: (after ?? before)?.key ?? '',
      label: rules.label(item as never),
      provider: item.provider,
      scope: item.scope,
      ...(region ? { region } : {}),
      ...(severity ? { severity } : {}),
      ...(before ? { was: before.state } : {}),
      ...(after ? { now: after.state } : {}),
      ...(fs && change !== 'resolved'
        ? { firstSeen: fs.at, ageDays: Math.max(0, Math.floor((toTime - Date.parse(fs.at)) / day)) }
        : change === 'new' || (change === 'persisting' && !was)
          ? { firstSeen: b.summary.generatedAt, ageDays: 0 }
          : {}),
      ...(changes?.length ? { changes } : {}),
    };
    out[sectionOf[kind]].push(entry);
  }
  return Object.fromEntries(historySections.map((s) => [s, changeSet(out[s])])) as Record<
    HistorySection,
    ChangeSet
  >;
}

const severityRank = (s: Severity | undefined) => (s ? severities.indexOf(s) : severities.length);
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function changeSet(items: HistoryChange[]): ChangeSet {
  const counts = Object.fromEntries(changeKinds.map((c) => [c, 0])) as Record<ChangeKind, number>;
  for (const i of items) counts[i.change]++;
  items.sort(
    (x, y) =>
      changeKinds.indexOf(x.change) - changeKinds.indexOf(y.change) ||
      severityRank(x.severity) - severityRank(y.severity) ||
      text(x.provider, y.provider) ||
      text(x.scope, y.scope) ||
      text(x.label, y.label) ||
      text(x.key, y.key),
  );
  return { counts, items };
}
