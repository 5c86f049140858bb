import { expiringWithinDays, waiverDaysLeft } from '../src/history/expiring-waivers.js';
import { type Detection, type Leg, legs } from '../src/model/detection.js';
import { type DetectionRun, detectionRun } from '../src/model/detection-run.js';
import { evidenceIntegrity, integrityBanner } from '../src/model/evidence-integrity.js';
import {
  type Finding,
  type Pillar,
  pillars,
  type Severity,
  type Status,
  severities,
  statuses,
} from '../src/model/finding.js';
import type { FindingsDocument, Grade, ScoreBreakdown, WaiverState } from '../src/model/findings-document.js';
import type { ChangeKind, HistoryChange, HistorySection } from '../src/model/history.js';
import { historySections } from '../src/model/history.js';
import type { Creator } from '../src/model/identity.js';
import { severityWeight } from '../src/risk/pillar-scores.js';
import { count, legTitles, listWords, pillarTitles } from '../src/risk/words.js';
import { inertValues } from '../src/text/inert.js';
import { type Incident, incidentsOf } from './incidents.js';
import { riskHeadline } from './plain-words.js';

/** One point of the score's history (from the history store with `--history`; optional everywhere). */
export interface TrendPoint {
  at: string;
  value: number;
  grade: Grade;
  run?: number;
  pillars?: Partial<Record<Pillar, number>>;
}

/** An item that moved since the last run, with the section (findings, creators, …) it belongs to. */
export interface ChangeView extends HistoryChange {
  section: HistorySection;
}

/** What the history store said about this run, for the scorecard and the "Since the last run" table. */
export interface SinceLastView {
  run: number;
  previous: { run: number; generatedAt: string } | null;
  counts: Record<HistorySection, Record<ChangeKind, number>>;
  /** Findings failing now that were not failing last run (new and regressed). */
  newFindings: number;
  /** Findings open last run and resolved now. */
  fixedFindings: number;
  /** Everything that moved (persisting left out), findings first. */
  changes: ChangeView[];
}

export interface ReportOptions {
  /** Earlier scores, oldest first; the current run is appended when absent. */
  trend?: readonly TrendPoint[];
  /** Render only the header and scorecard (the page printed to scorecard.pdf). */
  scorecardOnly?: boolean;
}

export interface PillarView {
  id: Pillar;
  title: string;
  value: number;
  judged: boolean;
  band: 'good' | 'fair' | 'poor';
  pass: number;
  fail: number;
  unassessed: number;
  waived: number;
}

export interface TopRisk {
  rank: number;
  severity: Severity;
  headline: string;
  where: string;
  fix: string;
  /** Finding id to jump to in the findings table. */
  firstFinding?: string;
}

export interface LegView {
  leg: Leg;
  title: string;
  state: 'seen' | 'partly blind' | 'blind' | 'nothing to watch';
  watched: number;
  unseen: number;
}

export interface ScopeView {
  provider: string;
  id: string;
  name?: string;
  status: string;
  reason?: string;
  grade?: Grade;
  value?: number;
  counts: Record<Status, number>;
  weakest?: string;
}

export interface ControlView {
  control: string;
  title: string;
  pillar: string;
  counts: Record<Status, number>;
  scopesFailing: number;
}

export interface UnassessedGroup {
  control: string;
  scope: string;
  count: number;
  reason: string;
}

export interface WaiverView extends WaiverState {
  /** Days from the report's generatedAt to expiry (negative when past). */
  daysLeft: number;
}

export interface EvidenceFile {
  file: string;
  sha256: string;
  api: string;
  collectedAt: string | null;
  citedBy: number;
}

/** The compact table the report's own script pages through: strings interned, one array per finding. */
export interface TablePayload {
  controls: string[];
  scopes: string[];
  files: [file: string, sha256: string, api: string, collectedAt: string | null][];
  /**
   * [id, control#, status, severity, pillar, scope#, region, resource type, resource id, resource name, reason, waiver,
   * evidence [file#, pointer][]], and with history: first seen (date), age in days, change since the last run.
   */
  rows: [
    string,
    number,
    Status,
    Severity,
    Pillar,
    number,
    string,
    string,
    string,
    string,
    string,
    string,
    [number, string][],
    ...([] | [string, number | null, string]),
  ][];
  /** Whether rows carry first seen, age and change (the run was recorded with `--history`). */
  history?: boolean;
}

export interface ReportModel {
  scorecardOnly: boolean;
  generatedAt: string;
  toolVersion: string;
  schemaVersion: string;
  policy: { source: string; sha256: string };
  manifestSha256: string | null;
  grade: Grade;
  value: number;
  reasons: string[];
  breakdown?: ScoreBreakdown;
  pillars: PillarView[];
  legs: LegView[];
  counts: Record<Status, number>;
  total: number;
  topRisks: TopRisk[];
  activeDetections: Detection[];
  otherDetections: Detection[];
  /** Whether detection ran and read anything: "no detections" is said only about logs that were read. */
  detection: DetectionRun;
  /** A banner for every page when the evidence does not verify or the archive is damaged. */
  integrityBanner?: string;
  /** The most urgent active detections with what to do now, shown first on the scorecard. */
  incidents: Incident[];
  trend: TrendPoint[];
  /** Present when the run was recorded with `--history`. */
  sinceLast?: SinceLastView;
  /** Active waivers that expire within 14 days, with their owners. */
  expiringWaivers: WaiverView[];
  scopes: ScopeView[];
  controls: ControlView[];
  waivers: WaiverView[];
  unassessed: UnassessedGroup[];
  unassessedTotal: number;
  creators: Creator[];
  coverage: FindingsDocument['coverage'];
  inputs: FindingsDocument['inputs'];
  files: EvidenceFile[];
  table: TablePayload;
  /** Filter choices for the findings table. */
  choices: {
    statuses: readonly Status[];
    severities: readonly Severity[];
    pillars: { id: Pillar; title: string }[];
  };
}

const zeroCounts = (): Record<Status, number> =>
  Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;

const band = (v: number): PillarView['band'] => (v >= 80 ? 'good' : v >= 60 ? 'fair' : 'poor');

const scopeKey = (provider: string, id: string) => `${provider}:${id}`;

/** Everything every renderer needs, computed once from findings.json (and nothing else). */
export function buildReportModel(raw: FindingsDocument, options: ReportOptions = {}): ReportModel {
  const doc = inertValues(raw);
  const banner = integrityBanner(evidenceIntegrity(doc));
  const counts = zeroCounts();
  for (const f of doc.findings) counts[f.status]++;
  const waivers = waiverViews(doc);
  const sinceLast = sinceLastView(doc);
  return {
    scorecardOnly: options.scorecardOnly ?? false,
    generatedAt: doc.generatedAt,
    toolVersion: doc.tool.version,
    schemaVersion: doc.schemaVersion,
    policy: doc.policy,
    manifestSha256: doc.evidence.manifestSha256,
    grade: doc.score.grade,
    value: doc.score.value,
    reasons: doc.score.reasons,
    ...(doc.score.breakdown ? { breakdown: doc.score.breakdown } : {}),
    pillars: pillarViews(doc),
    legs: legViews(doc.score.breakdown),
    counts,
    total: doc.findings.length,
    topRisks: topRisks(doc, 5),
    activeDetections: sortDetections(doc.detections.filter(isActive)),
    otherDetections: sortDetections(doc.detections.filter((d) => !isActive(d))),
    detection: detectionRun(doc),
    incidents: incidentsOf(doc.detections),
    ...(banner ? { integrityBanner: banner } : {}),
    trend: trendOf(doc, options.trend ?? doc.history?.trend),
    ...(sinceLast ? { sinceLast } : {}),
    expiringWaivers: waivers.filter(
      (w) => w.state === 'active' && w.daysLeft >= 0 && w.daysLeft <= expiringWithinDays,
    ),
    scopes: scopeViews(doc),
    controls: controlViews(doc),
    waivers,
    unassessed: unassessedGroups(doc.findings),
    unassessedTotal: counts.unassessed,
    creators: [...doc.creators].sort(
      (a, b) =>
        a.rank - b.rank || a.scope.localeCompare(b.scope) || a.principal.id.localeCompare(b.principal.id),
    ),
    coverage: [...doc.coverage].sort(
      (a, b) =>
        Number(b.blind) - Number(a.blind) ||
        a.scope.localeCompare(b.scope) ||
        legs.indexOf(a.leg) - legs.indexOf(b.leg) ||
        a.resource.localeCompare(b.resource),
    ),
    inputs: doc.inputs,
    files: evidenceFiles(doc),
    table: tablePayload(doc),
    choices: {
      statuses,
      severities,
      pillars: pillars.map((id) => ({ id, title: pillarTitles[id] })),
    },
  };
}

export function isActive(d: Detection): boolean {
  return !d.waiver && d.verdict !== 'benign-explained';
}

const verdictOrder = ['confirmed-mining', 'likely-mining', 'suspicious', 'benign-explained'];

function sortDetections(ds: Detection[]): Detection[] {
  return [...ds].sort(
    (a, b) =>
      verdictOrder.indexOf(a.verdict) - verdictOrder.indexOf(b.verdict) ||
      b.score - a.score ||
      a.instance.id.localeCompare(b.instance.id),
  );
}

function pillarViews(doc: FindingsDocument): PillarView[] {
  return pillars.map((id) => {
    const inPillar = doc.findings.filter((f) => f.pillar === id);
    const c = zeroCounts();
    for (const f of inPillar) c[f.status]++;
    const value = doc.score.pillars[id] ?? 0;
    const judged = doc.score.breakdown
      ? !doc.score.breakdown.unjudged.includes(id)
      : c.pass + c.fail + c.waived + c.unassessed > 0;
    return {
      id,
      title: pillarTitles[id],
      value,
      judged,
      band: band(value),
      pass: c.pass,
      fail: c.fail,
      unassessed: c.unassessed,
      waived: c.waived,
    };
  });
}

function legViews(breakdown: ScoreBreakdown | undefined): LegView[] {
  if (!breakdown) return [];
  return legs.map((leg) => {
    const b = breakdown.blindness.legs[leg];
    const state: LegView['state'] =
      b.watched === 0
        ? 'nothing to watch'
        : b.unseen === 0
          ? 'seen'
          : b.blind >= 0.999
            ? 'blind'
            : 'partly blind';
    return { leg, title: legTitles[leg], state, watched: b.watched, unseen: b.unseen };
  });
}

/** Failing controls grouped across scopes, plus outside creators and unassessed areas, worst first. */
function topRisks(doc: FindingsDocument, n: number): TopRisk[] {
  type Candidate = Omit<TopRisk, 'rank'> & { priority: number; key: string };
  const candidates: Candidate[] = [];
  const byControl = new Map<string, Finding[]>();
  for (const f of doc.findings) {
    if (f.status !== 'fail') continue;
    const list = byControl.get(f.control) ?? [];
    list.push(f);
    byControl.set(f.control, list);
  }
  // External creators are a risk of their own below: the creation-permissions count leaves them out (one count per concept).
  const externalIds = new Set(
    doc.creators.filter((c) => c.external && !c.approved).map((c) => `${c.scope}|${c.principal.id}`),
  );
  const internal = (byControl.get('creation-permissions') ?? []).filter(
    (f) => !externalIds.has(`${f.scope}|${f.resource.id}`),
  );
  if (byControl.has('creation-permissions')) {
    if (internal.length) byControl.set('creation-permissions', internal);
    else byControl.delete('creation-permissions');
  }
  for (const [control, list] of byControl) {
    const worst = list.reduce((w, f) =>
      severities.indexOf(f.severity) < severities.indexOf(w.severity) ? f : w,
    );
    const headline =
      riskHeadline[control]?.(list.length) ?? `${worst.title}: ${count(list.length, 'failing result')}.`;
    candidates.push({
      key: control,
      priority: severityWeight[worst.severity] * (1 + Math.log2(list.length)),
      severity: worst.severity,
      headline,
      where: whereText(
        list.map((f) => ({ provider: f.provider, scope: f.scope })),
        doc,
      ),
      fix: worst.remediation,
      firstFinding: worst.id,
    });
  }
  // One principal may be listed once per path: count and name it once.
  const outside = [
    ...new Map(
      doc.creators.filter((c) => c.external && !c.approved).map((c) => [`${c.scope}|${c.principal.id}`, c]),
    ).values(),
  ];
  if (outside.length > 0) {
    candidates.push({
      key: 'external-creators',
      priority: 12,
      severity: 'high',
      headline: `${count(outside.length, 'principal')} from other accounts or federations can launch instances without approval (${listWords(outside.slice(0, 3).map((c) => c.principal.name ?? c.principal.id))}${outside.length > 3 ? ', …' : ''}).`,
      where: whereText(outside, doc),
      fix: 'Remove the trust or permission that lets them create compute, or add the path to `creators.approved` with a reason.',
    });
  }
  const integrity = evidenceIntegrity(doc);
  if (integrity.state === 'modified' || integrity.state === 'truncated')
    candidates.push({
      key: 'evidence-integrity',
      priority: 1000,
      severity: 'critical',
      headline:
        integrity.state === 'modified'
          ? 'The evidence does not match its manifest: this report may not describe what was collected.'
          : 'The evidence archive is truncated: files after the break are missing.',
      where: integrity.problems.slice(0, 3).join('; '),
      fix:
        integrity.state === 'modified'
          ? 'Obtain the original bundle (or collect again) and check it with `rigsight evidence verify`; do not act on conclusions drawn from the changed files.'
          : 'Copy the archive again in full (or collect again) and check it with `rigsight evidence verify`.',
    });
  const unassessed = doc.findings.filter((f) => f.status === 'unassessed');
  if (unassessed.length > 0) {
    candidates.push({
      key: 'unassessed',
      priority: 2 * (1 + Math.log2(unassessed.length)),
      severity: 'medium',
      headline: `${count(unassessed.length, 'check')} could not be made: what cannot be checked cannot be proved.`,
      where: whereText(unassessed, doc),
      fix: 'Give the collector the read-only permissions the unassessed results name and collect again.',
    });
  }
  // Severity first, breadth within a severity: a medium risk never outranks a high one.
  return candidates
    .sort(
      (a, b) =>
        severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
        b.priority - a.priority ||
        a.key.localeCompare(b.key),
    )
    .slice(0, n)
    .map(({ priority: _p, key: _k, ...r }, i) => ({ rank: i + 1, ...r }));
}

function whereText(items: { provider: string; scope: string }[], doc: FindingsDocument): string {
  const keys = [...new Set(items.map((i) => scopeKey(i.provider, i.scope)))].sort();
  const named = keys.slice(0, 3).map((k) => {
    const s = doc.scopes.find((x) => scopeKey(x.provider, x.id) === k);
    const id = k.slice(k.indexOf(':') + 1);
    return s?.name ? `${id} (${s.name})` : id;
  });
  return keys.length > 3
    ? `${listWords(named)} and ${count(keys.length - 3, 'more scope')}`
    : listWords(named);
}

function trendOf(doc: FindingsDocument, trend: readonly TrendPoint[] | undefined): TrendPoint[] {
  if (!trend || trend.length === 0) return [];
  // Points from the history store are in run order already, this run last (two runs may share a --now).
  if (doc.history && trend === doc.history.trend) return [...trend];
  const points = [...trend].sort((a, b) => a.at.localeCompare(b.at));
  const last = points[points.length - 1];
  if (!last || last.at !== doc.generatedAt)
    points.push({ at: doc.generatedAt, value: doc.score.value, grade: doc.score.grade });
  return points;
}

function sinceLastView(doc: FindingsDocument): SinceLastView | undefined {
  const h = doc.history;
  if (!h) return undefined;
  const counts = Object.fromEntries(historySections.map((s) => [s, h.changes[s].counts])) as Record<
    HistorySection,
    Record<ChangeKind, number>
  >;
  return {
    run: h.run,
    previous: h.previous,
    counts,
    newFindings: h.previous ? counts.findings.new + counts.findings.regressed : 0,
    fixedFindings: counts.findings.resolved,
    changes: historySections.flatMap((section) =>
      h.changes[section].items.filter((c) => c.change !== 'persisting').map((c) => ({ ...c, section })),
    ),
  };
}

function scopeViews(doc: FindingsDocument): ScopeView[] {
  const counts = new Map<string, Record<Status, number>>();
  for (const f of doc.findings) {
    const k = scopeKey(f.provider, f.scope);
    const c = counts.get(k) ?? zeroCounts();
    c[f.status]++;
    counts.set(k, c);
  }
  return doc.scopes
    .map((s) => {
      const weakest = s.score
        ? [...pillars]
            .filter((p) => !(s.score?.breakdown?.unjudged ?? []).includes(p))
            .sort((a, b) => (s.score?.pillars[a] ?? 0) - (s.score?.pillars[b] ?? 0))[0]
        : undefined;
      return {
        provider: s.provider,
        id: s.id,
        ...(s.name ? { name: s.name } : {}),
        status: s.status,
        ...(s.reason ? { reason: s.reason } : {}),
        ...(s.score ? { grade: s.score.grade, value: s.score.value } : {}),
        counts: counts.get(scopeKey(s.provider, s.id)) ?? zeroCounts(),
        ...(weakest && s.score && s.score.pillars[weakest] !== undefined && s.score.pillars[weakest] < 100
          ? { weakest: `${pillarTitles[weakest]} ${s.score.pillars[weakest]}` }
          : {}),
      };
    })
    .sort(
      (a, b) =>
        (a.value ?? -1) - (b.value ?? -1) || a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id),
    );
}

function controlViews(doc: FindingsDocument): ControlView[] {
  const map = new Map<string, ControlView & { failing: Set<string> }>();
  for (const f of doc.findings) {
    let v = map.get(f.control);
    if (!v) {
      v = {
        control: f.control,
        title: f.title,
        pillar: pillarTitles[f.pillar],
        counts: zeroCounts(),
        scopesFailing: 0,
        failing: new Set(),
      };
      map.set(f.control, v);
    }
    v.counts[f.status]++;
    if (f.status === 'fail') v.failing.add(scopeKey(f.provider, f.scope));
  }
  return [...map.values()]
    .map(({ failing, ...v }) => ({ ...v, scopesFailing: failing.size }))
    .sort(
      (a, b) =>
        pillars.indexOf(pillarOf(a.pillar)) - pillars.indexOf(pillarOf(b.pillar)) ||
        a.control.localeCompare(b.control),
    );
}

function pillarOf(title: string): Pillar {
  return pillars.find((p) => pillarTitles[p] === title) ?? 'logging-retention';
}

function waiverViews(doc: FindingsDocument): WaiverView[] {
  const stateOrder = ['expired', 'active', 'unused'];
  return doc.waivers
    .map((w) => {
      return { ...w, daysLeft: waiverDaysLeft(w.expires, doc.generatedAt) };
    })
    .sort(
      (a, b) =>
        stateOrder.indexOf(a.state) - stateOrder.indexOf(b.state) ||
        a.daysLeft - b.daysLeft ||
        a.control.localeCompare(b.control) ||
        a.resource.localeCompare(b.resource),
    );
}

/** Unassessed results grouped by control and scope, with the first reason as the example. */
function unassessedGroups(findings: readonly Finding[]): UnassessedGroup[] {
  const map = new Map<string, UnassessedGroup>();
  for (const f of findings) {
    if (f.status !== 'unassessed') continue;
    const k = `${f.control}|${f.provider}:${f.scope}`;
    const g = map.get(k);
    if (g) g.count++;
    else map.set(k, { control: f.control, scope: f.scope, count: 1, reason: f.reason });
  }
  return [...map.values()].sort(
    (a, b) => b.count - a.count || a.scope.localeCompare(b.scope) || a.control.localeCompare(b.control),
  );
}

function evidenceFiles(doc: FindingsDocument): EvidenceFile[] {
  const map = new Map<string, EvidenceFile>();
  const add = (e: { file: string; sha256: string; api: string; collectedAt: string | null }) => {
    const k = `${e.file}\u0000${e.sha256}`;
    const v = map.get(k);
    if (v) v.citedBy++;
    else map.set(k, { file: e.file, sha256: e.sha256, api: e.api, collectedAt: e.collectedAt, citedBy: 1 });
  };
  for (const f of doc.findings) for (const e of f.evidence) add(e);
  for (const d of doc.detections) for (const e of d.evidence) add(e);
  for (const c of doc.creators) for (const e of c.evidence) add(e);
  return [...map.values()].sort((a, b) => a.file.localeCompare(b.file) || a.sha256.localeCompare(b.sha256));
}

function tablePayload(doc: FindingsDocument): TablePayload {
  const controls: string[] = [];
  const controlIx = new Map<string, number>();
  const scopes: string[] = [];
  const scopeIx = new Map<string, number>();
  const files: TablePayload['files'] = [];
  const fileIx = new Map<string, number>();
  const intern = <K>(map: Map<K, number>, list: unknown[], key: K, value: unknown): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      map.set(key, i);
    }
    return i;
  };
  const sorted = [...doc.findings].sort(
    (a, b) =>
      statusRank(a.status) - statusRank(b.status) ||
      severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
      a.scope.localeCompare(b.scope) ||
      a.control.localeCompare(b.control) ||
      a.resource.id.localeCompare(b.resource.id),
  );
  const seen = new Map((doc.history?.changes.findings.items ?? []).map((c) => [c.key, c]));
  const rows: TablePayload['rows'] = sorted.map((f) => [
    f.id,
    intern(controlIx, controls, f.control, f.control),
    f.status,
    f.severity,
    f.pillar,
    intern(scopeIx, scopes, scopeKey(f.provider, f.scope), scopeKey(f.provider, f.scope)),
    f.region ?? '',
    f.resource.type,
    f.resource.id,
    f.resource.name ?? '',
    f.reason,
    f.waiver ? `Waived by ${f.waiver.owner} until ${f.waiver.expires}: ${f.waiver.reason}` : '',
    f.evidence.map((e) => [
      intern(fileIx, files, `${e.file}\u0000${e.sha256}`, [e.file, e.sha256, e.api, e.collectedAt]),
      e.pointer ?? '',
    ]),
    ...((): [] | [string, number | null, string] => {
      if (!doc.history) return [];
      const c = seen.get(f.id);
      return [c?.firstSeen?.slice(0, 10) ?? '', c?.ageDays ?? null, c?.change ?? ''];
    })(),
  ]);
  return { controls, scopes, files, rows, ...(doc.history ? { history: true } : {}) };
}

/** Failures first, then what cannot be proved, then accepted risk, then passes. */
function statusRank(s: Status): number {
  return ['fail', 'unassessed', 'waived', 'pass', 'not_applicable'].indexOf(s);
}
