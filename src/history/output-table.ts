import { pillars } from '../model/finding.js';
import { type ChangeSet, changeKinds, type HistoryChange, historySections } from '../model/history.js';
import { pillarTitles } from '../risk/words.js';
import type { RunDiff } from './record.js';
import type { RunSummary, StoredRun } from './store.js';
import { columns, plain } from './terminal-text.js';

/** Persisting items listed before the rest is left to `--format json`. */
const persistingShown = 20;

const short = (hash: string | null) => (hash ? hash.slice(0, 12) : 'none');
const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
const runLine = (r: RunSummary) => `run ${r.id} (${when(r.generatedAt)}, grade ${r.grade} ${r.value}/100)`;

export function runsTable(runs: readonly RunSummary[], display: string): string {
  if (!runs.length) return `No runs in ${plain(display)}.`;
  const rows = [
    [
      'RUN',
      'GENERATED',
      'GRADE',
      'SCORE',
      'FAIL',
      'UNASSESSED',
      'UNAPPROVED',
      'DETECTIONS',
      'POLICY',
      'MANIFEST',
      'TOOL',
    ],
    ...runs.map((r) => [
      String(r.id),
      when(r.generatedAt),
      r.grade,
      String(r.value),
      String(r.counts.findings.fail),
      String(r.counts.findings.unassessed),
      `${r.counts.creators.unapproved}/${r.counts.creators.total}`,
      `${r.counts.detections.active}/${r.counts.detections.total}`,
      short(r.policy.sha256),
      short(r.manifestSha256),
      plain(r.toolVersion),
    ]),
  ];
  return `${runs.length} run${runs.length === 1 ? '' : 's'} in ${plain(display)}, newest first:\n${columns(rows, [0, 3, 4, 5])}`;
}

export function runTable(run: StoredRun, display: string): string {
  const s = run.summary;
  const scopes = (run.header.document.scopes ?? []) as {
    provider: string;
    id: string;
    name?: string;
    status: string;
  }[];
  const f = s.counts.findings;
  const rows = [
    ['generated', s.generatedAt],
    ['recorded', s.recordedAt],
    ['tool', `rigsight ${plain(s.toolVersion)} (findings.json ${plain(s.schemaVersion)})`],
    ['policy', `${plain(s.policy.source)} sha256 ${s.policy.sha256}`],
    ['manifest', s.manifestSha256 ? `sha256 ${s.manifestSha256}` : 'none (hand-made bundle or logs only)'],
    ['grade', `${s.grade} (${s.value}/100)`],
    ['pillars', pillars.map((p) => `${pillarTitles[p]} ${s.pillars[p] ?? 'n/a'}`).join(' · ')],
    [
      'findings',
      `${f.fail} fail · ${f.pass} pass · ${f.unassessed} unassessed · ${f.waived} waived · ${f.not_applicable} n/a`,
    ],
    ['creators', `${s.counts.creators.unapproved} unapproved of ${s.counts.creators.total}`],
    ['detections', `${s.counts.detections.active} active of ${s.counts.detections.total}`],
    ['coverage', `${s.counts.coverage.blind} blind of ${s.counts.coverage.total}`],
    ...scopes.map((sc, i) => [
      i ? '' : 'scopes',
      `${plain(sc.provider)} ${plain(sc.id)}${sc.name ? ` (${plain(sc.name)})` : ''} ${plain(sc.status)}`,
    ]),
  ];
  return `Run ${s.id} in ${plain(display)}\n${columns(rows)}`;
}

/** `2 new · 1 regressed · …`, leaving out kinds with none. */
export function countsLine(set: ChangeSet): string {
  const parts = changeKinds.filter((c) => set.counts[c] > 0).map((c) => `${set.counts[c]} ${c}`);
  return parts.length ? parts.join(' · ') : 'no open items';
}

function changeRow(c: HistoryChange): string[] {
  return [
    c.change,
    c.severity ?? '',
    plain(`${c.scope}${c.region ? `/${c.region}` : ''}`),
    plain(c.label),
    plain([c.was && c.now ? `${c.was} → ${c.now}` : (c.now ?? c.was ?? ''), ...(c.changes ?? [])].join('; ')),
    c.firstSeen ? c.firstSeen.slice(0, 10) : '',
    c.ageDays === undefined ? '' : String(c.ageDays),
  ];
}

/** The items worth a line: everything that moved, then the oldest persisting ones. */
export function notable(set: ChangeSet): { shown: HistoryChange[]; hidden: number } {
  const moved = set.items.filter((i) => i.change !== 'persisting');
  const persisting = set.items
    .filter((i) => i.change === 'persisting')
    .sort((a, b) => (b.ageDays ?? 0) - (a.ageDays ?? 0));
  return {
    shown: [...moved, ...persisting.slice(0, persistingShown)],
    hidden: Math.max(0, persisting.length - persistingShown),
  };
}

export function diffTable(diff: RunDiff): string {
  const out: string[] = [
    diff.from
      ? `${runLine(diff.from)} → ${runLine(diff.to)}`
      : `${runLine(diff.to)}: the first run, nothing to compare`,
  ];
  out.push(columns(historySections.map((s) => [s, countsLine(diff.changes[s])])));
  for (const section of historySections) {
    const { shown, hidden } = notable(diff.changes[section]);
    if (!shown.length) continue;
    out.push('', `${section.toUpperCase()}`);
    out.push(
      columns(
        [['CHANGE', 'SEVERITY', 'SCOPE', 'WHAT', 'STATE', 'FIRST SEEN', 'AGE'], ...shown.map(changeRow)],
        [6],
      ),
    );
    if (hidden) out.push(`… and ${hidden} more persisting (--format json lists every item)`);
  }
  if (diff.expiringWaivers.length) {
    out.push('', 'WAIVERS EXPIRING WITHIN 14 DAYS');
    out.push(
      columns([
        ['CONTROL', 'RESOURCE', 'OWNER', 'EXPIRES', 'DAYS LEFT'],
        ...diff.expiringWaivers.map((w) => [
          plain(w.control),
          plain(w.resource),
          plain(w.owner),
          plain(w.expires),
          String(w.daysLeft),
        ]),
      ]),
    );
  }
  return out.join('\n');
}

/** The lines `audit --history` prints after the summary: where the run went and what changed. */
export function recordedText(diff: RunDiff, display: string, limit = 12): string {
  if (!diff.from)
    return `History: run ${diff.to.id} recorded in ${plain(display)}, the first there: nothing is new until the next run.`;
  const out = [
    `History: run ${diff.to.id} recorded in ${plain(display)}; since ${runLine(diff.from)}:`,
    ...historySections
      .filter((s) => diff.changes[s].items.length)
      .map((s) => `  ${s}: ${countsLine(diff.changes[s])}`),
  ];
  const moved = historySections.flatMap((s) =>
    diff.changes[s].items.filter((i) => i.change !== 'persisting'),
  );
  for (const c of moved.slice(0, limit))
    out.push(
      `  - ${c.change}${c.severity ? ` ${c.severity}` : ''} ${plain(c.label)} (${plain(c.scope)}${c.region ? `/${plain(c.region)}` : ''})${c.changes?.length ? `: ${plain(c.changes.join('; '))}` : ''}`,
    );
  if (moved.length > limit) out.push(`  … and ${moved.length - limit} more: rigsight history diff`);
  for (const w of diff.expiringWaivers)
    out.push(
      `  - waiver on ${plain(w.control)} ${plain(w.resource)} (owner ${plain(w.owner)}) expires ${plain(w.expires)}, in ${w.daysLeft} day${w.daysLeft === 1 ? '' : 's'}`,
    );
  return out.join('\n');
}
