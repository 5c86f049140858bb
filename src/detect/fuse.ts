import { createHash } from 'node:crypto';
import { adapterFor, vocabularyOf } from '../../providers/index.js';
import type { Coverage, Detection, LegState, Verdict } from '../model/detection.js';
import type { EvidenceRef } from '../model/evidence.js';
import type { Unreadable } from '../model/findings-document.js';
import type { Inventory } from '../model/inventory.js';
import type { Provider } from '../model/provider.js';
import type { Workload } from '../model/workload.js';
import type { Policy } from '../policy/schema.js';
import type { WaiverBook } from '../policy/waivers.js';
import { globToRegExp } from '../text/glob.js';
import { analyzeSeries, type CpuVerdict } from './cpu.js';
import { InstanceDirectory, instanceKey, isEndpoint } from './identity.js';
import type {
  CreationSignal,
  DnsSignal,
  EndpointSeen,
  FileDigest,
  FindingSignal,
  FlowHit,
  TamperSignal,
} from './signals.js';

/** Everything known about one instance after all files are read. */
interface InstanceState {
  key: string;
  provider: Provider;
  id: string;
  scope?: string;
  region?: string;
  creation?: CreationSignal;
  times: Float64Array;
  values: Float64Array;
  cpuRefs: { file: string; pointer: string }[];
  flows: FlowHit[];
  dns: DnsSignal[];
  findings: FindingSignal[];
  workload?: Workload;
  /** True when flow records were read for one of its interfaces or its network. */
  flowCovered: boolean;
  dnsCovered: boolean;
}

export interface FuseInput {
  digests: FileDigest[];
  inventory?: Inventory;
  policy: Policy;
  waivers: WaiverBook;
}

export interface FuseOutput {
  detections: Detection[];
  coverage: Coverage[];
  duplicates: number;
  anomalies: Unreadable[];
}

const MAX_EVIDENCE = 25;
const MINUTE = 60_000;

const isoSeen = new Map<number, string>();
function iso(ms: number): string {
  // The same few times (series starts and ends) are written for thousands of instances.
  let text = isoSeen.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace('.000Z', 'Z');
    if (isoSeen.size > 100_000) isoSeen.clear();
    isoSeen.set(ms, text);
  }
  return text;
}

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h ? `${h}h${m ? ` ${m}m` : ''}` : `${m}m`;
}

function detectionId(provider: string, scope: string, instance: string): string {
  return createHash('sha256').update(`${provider}|${scope}|detection|${instance}`).digest('hex').slice(0, 16);
}

/** Principals launching on someone's behalf (Auto Scaling, EC2 Fleet, a managed instance group), by cloud. */
function serviceLaunch(c: CreationSignal): string | undefined {
  return adapterFor(c.provider).detect.serviceLaunch(c);
}

export class CreatorApproval {
  private readonly approved: { pattern: RegExp; principal: string; reason: string }[];
  constructor(policy: Policy) {
    this.approved = policy.creators.approved.map((a) => ({ pattern: globToRegExp(a.principal), ...a }));
  }

  /** The approval entry for a creation: session ARNs match as their role ARN. */
  match(c: CreationSignal): { principal: string; reason: string } | undefined {
    const names = [c.principal, c.principalRole].filter((n): n is string => !!n);
    return this.approved.find((a) => names.some((n) => a.pattern.test(n)));
  }
}

interface CreationJudgement {
  authorized: boolean;
  why: string;
  missingTags: string[];
  waiver?: { owner: string; reason: string; expires: string };
}

function judgeCreation(
  c: CreationSignal,
  approval: CreatorApproval,
  policy: Policy,
  waivers: WaiverBook,
  tags: Record<string, string>,
): CreationJudgement {
  const missingTags = policy.tags.required.filter((k) => !(k in tags));
  const service = serviceLaunch(c);
  const approved = approval.match(c);
  const waiver = approved || service ? undefined : waivers.match('detection', [c.principal, c.principalRole]);
  const tagNote = missingTags.length
    ? `; it lacks the required tag${missingTags.length > 1 ? 's' : ''} ${missingTags.join(', ')}`
    : '';
  if (service)
    return {
      authorized: true,
      missingTags,
      why: `launched by ${service}${c.group ? ` for group ${c.group}` : ''}${tagNote}`,
    };
  if (approved)
    return {
      authorized: true,
      missingTags,
      why: `an approved creator (${approved.reason})${tagNote}`,
    };
  if (waiver)
    return {
      authorized: true,
      missingTags,
      waiver,
      why: `a creator waived by ${waiver.owner} until ${waiver.expires} (${waiver.reason})${tagNote}`,
    };
  return { authorized: false, missingTags, why: `not an approved creator${tagNote}` };
}

/** Stratum keeps a pool connection open for hours at a few KB a minute: long-lived and low-volume. */
function weakPortEvidence(hit: FlowHit): boolean {
  const minutes = Math.max(1, (hit.last - hit.first) / MINUTE);
  return minutes >= 30 && hit.bytes / minutes < 200_000;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function fuse(input: FuseInput): FuseOutput {
  const { digests, inventory, policy, waivers } = input;
  const anomalies: Unreadable[] = [];
  let duplicates = 0;
  const fileSha = new Map<string, { sha256: string; format: string }>();
  for (const d of digests) fileSha.set(d.file, { sha256: d.sha256, format: d.format });

  const ref = (file: string, pointer: string): EvidenceRef => {
    const f = fileSha.get(file);
    return { file, sha256: f?.sha256 ?? '', api: f?.format ?? 'unknown', collectedAt: null, pointer };
  };
  const noteDuplicate = (file: string, pointer: string, what: string) => {
    duplicates++;
    if (anomalies.filter((a) => a.reason.startsWith('duplicate')).length < 5)
      anomalies.push({ file, reason: `duplicate ${what} at ${pointer}; counted once` });
  };

  // Creations and tampering, de-duplicated by event id (CloudTrail eventID, GCP operation first/last).
  const creationsById = new Map<string, CreationSignal>();
  const creations: CreationSignal[] = [];
  for (const d of digests)
    for (const c of d.creations) {
      if (!c.eventId) {
        creations.push(c);
        continue;
      }
      const key = `${c.eventId}|${c.instanceId ?? ''}`;
      const prev =
        creationsById.get(key) ??
        (c.eventId.startsWith('op:') ? creationsById.get(`${c.eventId}|`) : undefined);
      if (!prev) {
        creationsById.set(key, c);
        creations.push(c);
        continue;
      }
      noteDuplicate(
        c.file,
        c.pointer,
        c.eventId.startsWith('op:') ? `operation ${c.eventId.slice(3)} entry` : `event ${c.eventId}`,
      );
      // GCP operation.first carries the request, operation.last the outcome: keep both halves.
      if (c.outcome === 'failed') {
        prev.outcome = 'failed';
        prev.errorCode = c.errorCode;
      }
      prev.machineType ??= c.machineType;
      prev.image ??= c.image;
      if (!prev.instanceId || isEndpoint(prev.instanceId)) if (c.instanceId) prev.instanceId = c.instanceId;
      prev.tags = { ...c.tags, ...prev.tags };
      prev.time = Math.min(prev.time, c.time);
    }
  const tamperSeen = new Set<string>();
  const tampering: TamperSignal[] = [];
  for (const d of digests)
    for (const t of d.tampering) {
      if (t.eventId && tamperSeen.has(t.eventId)) {
        noteDuplicate(t.file, t.pointer, `event ${t.eventId}`);
        continue;
      }
      if (t.eventId) tamperSeen.add(t.eventId);
      tampering.push(t);
    }

  // Interfaces → instances: inventory first, then what the telemetry itself says.
  const dir = new InstanceDirectory();
  if (inventory) dir.addInventory(inventory);
  for (const d of digests) for (const b of d.bindings) dir.addBinding(b);
  for (const c of creations)
    if (c.instanceId) for (const a of c.aliases ?? []) dir.link(c.provider, a, c.instanceId, c.scope);
  for (const d of digests)
    for (const e of d.endpoints)
      if (e.instanceId) dir.link(e.provider, e.endpoint, e.instanceId, e.scope, e.networkId);

  const states = new Map<string, InstanceState>();
  const state = (provider: Provider, key: string): InstanceState => {
    let s = states.get(key);
    if (!s) {
      const id = key.slice(key.indexOf('|') + 1);
      s = {
        key,
        provider,
        id,
        times: new Float64Array(0),
        values: new Float64Array(0),
        cpuRefs: [],
        flows: [],
        dns: [],
        findings: [],
        flowCovered: false,
        dnsCovered: false,
      };
      states.set(key, s);
    }
    return s;
  };
  const resolveOrSelf = (provider: Provider, idOrEndpoint: string): string =>
    dir.resolve(provider, idOrEndpoint) ??
    (isEndpoint(idOrEndpoint) ? `${provider}|${idOrEndpoint}` : instanceKey(provider, idOrEndpoint));

  for (const w of inventory?.workloads ?? []) {
    const s = state(w.provider, instanceKey(w.provider, w.id));
    s.workload = w;
    s.scope = w.scope;
    s.region = w.region;
  }
  const failed: CreationSignal[] = [];
  for (const c of creations) {
    if (c.outcome === 'failed' || !c.instanceId) {
      failed.push(c);
      continue;
    }
    const s = state(c.provider, resolveOrSelf(c.provider, c.instanceId));
    if (!s.creation || c.time < s.creation.time) s.creation = c;
    s.scope ??= c.scope;
    s.region ??= c.region;
  }
  // A group member (scale-set VM) inherits the group's creation record: whoever created the group launched it.
  const parentCreation = (s: InstanceState): CreationSignal | undefined => {
    const parent = adapterFor(s.provider).detect.parentInstance?.(s.id);
    const creation = parent ? states.get(instanceKey(s.provider, parent.id))?.creation : undefined;
    return parent && creation
      ? { ...creation, instanceId: s.id, group: creation.group ?? parent.group }
      : undefined;
  };
  for (const d of digests)
    for (const series of d.cpu) {
      const s = state(series.provider, resolveOrSelf(series.provider, series.instanceId));
      // One series per instance is the common case: keep its arrays instead of copying them.
      if (s.times.length === 0) {
        s.times = series.times;
        s.values = series.values;
      } else {
        s.times = concat(s.times, series.times);
        s.values = concat(s.values, series.values);
      }
      if (s.cpuRefs.length < 3) s.cpuRefs.push({ file: series.file, pointer: series.pointer });
      s.scope ??= series.scope;
      s.region ??= series.region;
    }
  const destinationWaiver = (dest: string) => waivers.match('detection', [dest]);
  const waivedDestinations = new Map<string, { owner: string; expires: string }>();
  for (const d of digests)
    for (const f of d.flows) {
      const w =
        destinationWaiver(f.remote) ??
        destinationWaiver(`${f.remote}:${f.port}`) ??
        destinationWaiver(f.indicator);
      const s = state(f.provider, resolveOrSelf(f.provider, f.instanceId ?? f.endpoint));
      s.scope ??= f.scope ?? dir.scopeOf(f.provider, f.endpoint);
      if (w) {
        waivedDestinations.set(`${s.key}|${f.remote}`, w);
        continue;
      }
      s.flows.push(f);
    }
  for (const d of digests)
    for (const q of d.dns) {
      if (!q.instanceId && !q.endpoint) continue;
      if (destinationWaiver(q.query) ?? destinationWaiver(q.indicator)) continue;
      const s = state(q.provider, resolveOrSelf(q.provider, q.instanceId ?? (q.endpoint as string)));
      s.dns.push(q);
      s.scope ??= q.scope;
    }
  for (const d of digests)
    for (const f of d.findings) {
      const target = f.instanceId ?? f.endpoint;
      if (!target) continue;
      const s = state(f.provider, resolveOrSelf(f.provider, target));
      s.findings.push(f);
      s.scope ??= f.scope;
    }

  // Coverage inputs: which endpoints and networks had flow records, which networks had DNS logging.
  const seenEndpoints = new Set<string>();
  const seenNetworks = new Set<string>();
  // Each flow file lists the interfaces it saw: one that was seen before with the same network,
  // instance and account changes nothing.
  const sightings = new Map<string, EndpointSeen[]>();
  for (const d of digests)
    for (const e of d.endpoints) {
      const key = `${e.provider}|${e.endpoint}`;
      const before = sightings.get(key);
      if (
        before?.some(
          (b) => b.networkId === e.networkId && b.instanceId === e.instanceId && b.scope === e.scope,
        )
      )
        continue;
      if (before) before.push(e);
      else sightings.set(key, [e]);
      seenEndpoints.add(key);
      const net = e.networkId ?? dir.networkOf(e.provider, e.endpoint);
      if (net) seenNetworks.add(`${e.provider}|${net.toLowerCase()}`);
      const owner = e.instanceId
        ? instanceKey(e.provider, e.instanceId)
        : dir.resolve(e.provider, e.endpoint);
      if (owner) {
        const s = states.get(owner) ?? state(e.provider, owner);
        s.flowCovered = true;
        s.scope ??= e.scope ?? dir.scopeOf(e.provider, e.endpoint);
      }
    }
  const dnsNetworks = new Set(digests.flatMap((d) => d.dnsNetworks).map((n) => n.toLowerCase()));
  const endpointsByInstance = dir.endpointsByInstance();
  for (const s of states.values()) {
    const eps = endpointsByInstance.get(s.key) ?? new Set<string>();
    for (const ep of eps) {
      const endpoint = ep.slice(ep.indexOf('|') + 1);
      if (seenEndpoints.has(ep)) s.flowCovered = true;
      const net = dir.networkOf(s.provider, endpoint);
      if (net && seenNetworks.has(`${s.provider}|${net.toLowerCase()}`)) s.flowCovered = true;
      if (net && dnsNetworks.has(`${s.provider}:${net}`.toLowerCase())) s.dnsCovered = true;
    }
    const wNet = s.workload?.networkId;
    if (wNet && seenNetworks.has(`${s.provider}|${wNet.toLowerCase()}`)) s.flowCovered = true;
    if (wNet && dnsNetworks.has(`${s.provider}:${wNet}`.toLowerCase())) s.dnsCovered = true;
    if (isEndpoint(s.id) && seenEndpoints.has(s.key)) s.flowCovered = true;
    if (s.dns.length) s.dnsCovered = true;
  }

  const auditWindows = new Map<string, { first: number; last: number }>();
  for (const d of digests)
    for (const w of d.auditWindows) {
      const key = `${w.provider}|${w.scope}`;
      const cur = auditWindows.get(key);
      if (!cur) auditWindows.set(key, { first: w.first, last: w.last });
      else {
        cur.first = Math.min(cur.first, w.first);
        cur.last = Math.max(cur.last, w.last);
      }
    }

  // Flow logs the evidence bundle knows of, for the instance's interfaces, subnet or network.
  const flowLogsOf = (s: InstanceState) => {
    const w = s.workload;
    if (!w || !inventory) return [];
    const targets = new Set([
      w.networkId,
      w.subnetId,
      ...w.attachments.flatMap((a) => [a.id, a.subnetId, a.networkId]),
    ]);
    return inventory.flowLogs.filter(
      (f) => f.provider === w.provider && f.active && targets.has(f.target.id),
    );
  };
  /** Only REJECT records are logged: accepted egress to a pool would never appear. */
  const rejectOnly = (s: InstanceState): boolean => {
    const logs = flowLogsOf(s);
    return logs.length > 0 && logs.every((f) => f.traffic === 'reject');
  };
  const networkBlindness = (s: InstanceState): string => {
    const logs = flowLogsOf(s);
    if (logs.length && logs.every((f) => f.traffic === 'reject'))
      return `its flow log${logs.length > 1 ? 's' : ''} (${logs.map((f) => f.id).join(', ')}) record only rejected traffic, so accepted egress to a pool is unseen`;
    if (logs.length)
      return `flow log ${logs.map((f) => f.id).join(', ')} covers it, but none of its records were in the telemetry read`;
    return 'no flow log for its interface or network in the window read';
  };

  const approval = new CreatorApproval(policy);
  const detections: Detection[] = [];
  const coverage: Coverage[] = [];
  const { threshold, sustainMinutes } = policy.detection.cpu;

  for (const s of [...states.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const scope = s.scope ?? 'unknown';
    const resource = s.id;
    const label = isEndpoint(s.id) ? `the instance behind ${s.id.slice(s.id.indexOf(':') + 1)}` : s.id;
    const evidence: EvidenceRef[] = [];
    const sentences: string[] = [];
    let score = 0;

    // Creation leg.
    s.creation ??= parentCreation(s);
    const c = s.creation;
    const tags = { ...(s.workload?.tags ?? {}), ...(c?.tags ?? {}) };
    let creationLeg: LegState;
    let judgement: CreationJudgement | undefined;
    const window = auditWindows.get(`${s.provider}|${scope}`);
    const launchedAt = c?.time ?? (s.workload?.launchedAt ? Date.parse(s.workload.launchedAt) : undefined);
    if (c) {
      judgement = judgeCreation(c, approval, policy, waivers, tags);
      const what = [c.machineType, c.image, c.region].filter(Boolean).join(', ');
      const via = c.group && !serviceLaunch(c) ? ` as part of ${c.group}` : '';
      // The first token of a user agent names the tool (aws-cli/2.15.0, Boto3/1.34); the rest is in the evidence.
      const agent = c.userAgent?.split(' ')[0];
      const detail = `created ${iso(c.time)} by ${c.principal}${via}${what ? ` (${what})` : ''}${agent ? ` with ${agent}` : ''}: ${judgement.why}`;
      creationLeg = { state: 'seen', detail };
      evidence.push(ref(c.file, c.pointer));
      if (!judgement.authorized) score += 30;
      else if (judgement.missingTags.length) score += 10;
      sentences.push(`${label} was ${detail.replace(/^created/, 'created')}.`);
      coverage.push({
        provider: s.provider,
        scope,
        leg: 'creation',
        resource,
        blind: false,
        why: `creation record read in ${c.file}`,
      });
    } else {
      let why: string;
      let blind = true;
      if (!window)
        why = `no audit logs for ${vocabularyOf(s.provider).scope.one} ${scope} were read, so who created it is unknown`;
      else if (launchedAt !== undefined && launchedAt >= window.first && launchedAt <= window.last) {
        why = `audit logs read cover its launch at ${iso(launchedAt)} but hold no creation record (is every region logged?)`;
        blind = false;
      } else
        why = `its creation is older than the audit logs read (${iso(window.first)} to ${iso(window.last)})${launchedAt !== undefined ? `; it launched ${iso(launchedAt)}` : ''}`;
      creationLeg = { state: blind ? 'blind' : 'absent', detail: why };
      coverage.push({ provider: s.provider, scope, leg: 'creation', resource, blind, why });
    }
    const related = failed.filter(
      (f) =>
        f.provider === s.provider &&
        f.scope === scope &&
        c !== undefined &&
        (f.principal === c.principal ||
          (f.principalRole !== undefined && f.principalRole === c.principalRole)) &&
        Math.abs(f.time - c.time) <= 24 * 60 * MINUTE,
    );
    if (related.length && judgement && !judgement.authorized) {
      score += 10;
      const codes = [
        ...new Set(related.map((f) => `${f.errorCode}${f.machineType ? ` for ${f.machineType}` : ''}`)),
      ].sort();
      sentences.push(
        `The same principal also failed ${related.length} launch${related.length > 1 ? 'es' : ''} (${codes.join('; ')}).`,
      );
      for (const f of related.slice(0, 5)) evidence.push(ref(f.file, f.pointer));
    }

    // CPU leg.
    let cpuLeg: LegState;
    let cpu: CpuVerdict | undefined;
    if (s.times.length) {
      cpu = analyzeSeries(s.times, s.values, threshold, sustainMinutes, launchedAt);
    }
    const plateau = cpu?.plateau;
    if (cpu && plateau) {
      const shift =
        plateau.baseline !== undefined
          ? plateau.levelShift
            ? `, up from its own baseline of ${plateau.baseline.toFixed(0)}%`
            : `, near its own baseline of ${plateau.baseline.toFixed(0)}% (no level shift)`
          : plateau.levelShift
            ? ', from launch'
            : '';
      const more =
        plateau.count > 1
          ? ` (and ${plateau.count - 1} more plateau${plateau.count > 2 ? 's' : ''}, ${duration(plateau.totalMinutes)} in all)`
          : '';
      const detail = `CPU held at or above ${threshold}% (median ${plateau.median.toFixed(0)}%) for ${duration(plateau.minutes)} from ${iso(plateau.start)}${shift}${more}`;
      cpuLeg = { state: 'seen', detail };
      score += plateau.levelShift ? 30 : 20;
      sentences.push(`Its ${detail}.`);
      for (const r of s.cpuRefs) evidence.push(ref(r.file, r.pointer));
      coverage.push({
        provider: s.provider,
        scope,
        leg: 'cpu',
        resource,
        blind: false,
        why: `${cpu.samples} CPU samples from ${iso(cpu.first)} to ${iso(cpu.last)}`,
      });
    } else if (cpu) {
      const detail = `${cpu.samples} CPU samples from ${iso(cpu.first)} to ${iso(cpu.last)}, peak ${cpu.peak.toFixed(0)}%, never ${threshold}% or more for ${sustainMinutes} minutes`;
      cpuLeg = { state: 'absent', detail };
      coverage.push({
        provider: s.provider,
        scope,
        leg: 'cpu',
        resource,
        blind: false,
        why: `${cpu.samples} CPU samples from ${iso(cpu.first)} to ${iso(cpu.last)}`,
      });
    } else {
      const why = 'no CPU metrics for this instance in the telemetry read';
      cpuLeg = { state: 'blind', detail: why };
      coverage.push({ provider: s.provider, scope, leg: 'cpu', resource, blind: true, why });
    }

    // Network leg.
    const strongFlows = s.flows.filter((f) => f.match !== 'port');
    const weakFlows = s.flows.filter((f) => f.match === 'port' && weakPortEvidence(f));
    const destinations = new Set<string>();
    const netSentences: string[] = [];
    for (const f of strongFlows) destinations.add(`${f.remote}:${f.port}`);
    for (const q of s.dns) destinations.add(q.query.replace(/\.$/, ''));
    for (const f of s.findings) for (const d of f.destinations) destinations.add(d);
    if (strongFlows.length) {
      const byMatch = strongFlows
        .sort((a, b) => a.first - b.first)
        .slice(0, 4)
        .map((f) => {
          const why =
            f.match === 'dns-answer' ? `an address ${f.indicator} resolved to` : `listed in ${f.source}`;
          const act = f.accepted === 0 ? ', all rejected' : '';
          const when = f.first ? ` from ${iso(f.first)}` : '';
          return `${f.remote}:${f.port} (${why}; ${f.records} flow record${f.records > 1 ? 's' : ''}${when}${act})`;
        });
      netSentences.push(`sent traffic to ${byMatch.join(', ')}`);
      for (const f of strongFlows.slice(0, 8)) evidence.push(ref(f.file, f.pointer));
    }
    if (s.dns.length) {
      const names = [...new Set(s.dns.map((q) => q.query.replace(/\.$/, '')))].sort();
      netSentences.push(
        `looked up pool domain${names.length > 1 ? 's' : ''} ${names.slice(0, 3).join(', ')} (listed in ${s.dns[0]?.source})`,
      );
      for (const q of s.dns.slice(0, 5)) evidence.push(ref(q.file, q.pointer));
    }
    if (s.findings.length) {
      const types = [...new Set(s.findings.map((f) => f.type))].sort();
      netSentences.push(`was flagged by ${types.join(', ')}`);
      for (const f of s.findings.slice(0, 5)) evidence.push(ref(f.file, f.pointer));
    }
    const strong = strongFlows.length > 0 || s.dns.length > 0 || s.findings.length > 0;
    const weak = !strong && weakFlows.length > 0;
    if (weak) {
      for (const f of weakFlows) destinations.add(`${f.remote}:${f.port}`);
      const w = weakFlows[0] as FlowHit;
      netSentences.push(
        `held a long, low-volume connection to ${w.remote}:${w.port}, a known stratum port, for ${duration((w.last - w.first) / MINUTE)} (weak evidence: the address is on no list)`,
      );
      for (const f of weakFlows.slice(0, 5)) evidence.push(ref(f.file, f.pointer));
    }
    let networkLeg: LegState;
    if (strong || weak) {
      networkLeg = { state: 'seen', detail: netSentences.join('; ') };
      score += strong ? 45 : 15;
      if (strong && destinations.size > 1) score += 5;
      sentences.push(`It ${netSentences.join('; and ')}.`);
    } else if (s.flowCovered && !rejectOnly(s)) {
      const waived = [...waivedDestinations.keys()].filter((k) => k.startsWith(`${s.key}|`)).length;
      networkLeg = {
        state: 'absent',
        detail: `flow records for its interfaces show no mining-pool destination${waived ? ` (${waived} waived destination${waived > 1 ? 's' : ''} ignored)` : ''}`,
      };
    } else networkLeg = { state: 'blind', detail: networkBlindness(s) };
    const blindNetwork = !strong && !weak && (!s.flowCovered || rejectOnly(s));
    coverage.push({
      provider: s.provider,
      scope,
      leg: 'network',
      resource,
      blind: blindNetwork,
      why: blindNetwork
        ? networkBlindness(s)
        : s.flowCovered
          ? `flow records read for its interface or network${s.dnsCovered ? '; DNS queries logged' : '; no DNS query log, so pool lookups by name are unseen'}`
          : 'seen through DNS logs or a security finding, but no flow records for its interfaces',
    });

    // Opening: only the creation or network leg opens a detection; CPU alone never does.
    const unauthorized = judgement !== undefined && !judgement.authorized;
    const opened = strong || weak || unauthorized || (c !== undefined && plateau !== undefined);
    if (!opened) continue;

    let verdict: Verdict;
    if (strong && (plateau || unauthorized)) verdict = 'confirmed-mining';
    else if (strong || (unauthorized && plateau) || (weak && plateau)) verdict = 'likely-mining';
    else if (unauthorized || weak || (judgement && judgement.missingTags.length > 0)) verdict = 'suspicious';
    else verdict = 'benign-explained';
    // Tampering in the same scope raises the score of a detection that is not explained away.
    const tamper = tampering.filter((t) => t.provider === s.provider && t.scope === scope);
    if (tamper.length && verdict !== 'benign-explained') {
      const actions = [...new Set(tamper.map((t) => t.action))].sort();
      score += Math.min(20, 10 * actions.length);
      sentences.push(
        `In the same ${vocabularyOf(s.provider).scope.one}, logging was tampered with: ${tamper
          .slice(0, 3)
          .map((t) => `${t.action}${t.target ? ` on ${t.target}` : ''} by ${t.principal} at ${iso(t.time)}`)
          .join('; ')}.`,
      );
      for (const t of tamper.slice(0, 5)) evidence.push(ref(t.file, t.pointer));
    }

    score = Math.min(100, score);
    if (verdict === 'benign-explained') {
      score = Math.min(score, 25);
      sentences.push(
        'No mining-pool traffic was seen, and its creation is explained, so the load looks like sanctioned work.',
      );
    }
    const waiver = waivers.match('detection', [s.id, s.workload?.arn, s.workload?.name]);
    if (waiver)
      sentences.push(
        `This instance is waived by ${waiver.owner} until ${waiver.expires} (${waiver.reason}).`,
      );
    if (judgement?.waiver && !waiver)
      sentences.push(`Its creator's waiver is owned by ${judgement.waiver.owner}.`);

    const seenRefs = new Set<string>();
    const unique = evidence.filter((e) => {
      const k = `${e.file}#${e.pointer}`;
      if (seenRefs.has(k)) return false;
      seenRefs.add(k);
      return true;
    });
    const detection: Detection = {
      id: detectionId(s.provider, scope, s.id),
      provider: s.provider,
      scope,
      instance: { id: s.id, ...(s.region ? { region: s.region } : {}) },
      verdict,
      score,
      legs: { creation: creationLeg, cpu: cpuLeg, network: networkLeg },
      destinations: [...destinations].sort(),
      explanation: sentences.join(' '),
      evidence: unique.slice(0, MAX_EVIDENCE),
      ...(c ? { createdBy: c.principal, createdAt: iso(c.time) } : {}),
      ...(waiver ? { waiver } : {}),
    };
    detections.push(detection);
  }

  const rank: Record<Verdict, number> = {
    'confirmed-mining': 0,
    'likely-mining': 1,
    suspicious: 2,
    'benign-explained': 3,
  };
  detections.sort(
    (a, b) =>
      rank[a.verdict] - rank[b.verdict] || b.score - a.score || (a.instance.id < b.instance.id ? -1 : 1),
  );
  // Keys built once per entry, compared exactly as before.
  const keyed = coverage.map((c) => ({ c, key: `${c.provider}|${c.scope}|${c.resource}|${c.leg}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : 1));
  coverage.splice(0, coverage.length, ...keyed.map((k) => k.c));
  return { detections, coverage, duplicates, anomalies };
}
