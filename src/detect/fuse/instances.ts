import type { Inventory } from '../../model/inventory.js';
import type { Provider } from '../../model/provider.js';
import type { Workload } from '../../model/workload.js';
import type { WaiverBook } from '../../policy/waivers.js';
import { InstanceDirectory, instanceKey, isEndpoint } from '../identity.js';
import type {
  CreationSignal,
  DnsSignal,
  EndpointSeen,
  FileDigest,
  FindingSignal,
  FlowHit,
  TamperSignal,
  UnreadSignal,
} from '../signals.js';
import { CapacityIndex } from './capacity.js';
import { type LoggingGap, loggingGaps } from './logging-gaps.js';
import { RegionActivity } from './regions.js';

/** Everything known about one instance after all files are read. */
export interface InstanceState {
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
  /** CPU was read in cores in use, but how many the workload reserved is unknown: no percent to judge. */
  cpuUnscaled?: boolean;
}

/** The signals of every file, joined per instance. */
export interface Gathered {
  states: Map<string, InstanceState>;
  /** Launches that failed (or named no instance), for "the same principal also failed …". */
  failed: CreationSignal[];
  tampering: TamperSignal[];
  /** Per `provider|scope`: when audit logging was stopped or deleted, and who did it. */
  gaps: Map<string, LoggingGap[]>;
  /** Calls that asked a service for capacity, for the launches the service made. */
  capacity: CapacityIndex;
  /** When each region of a scope was first active, for launches in a region never used before. */
  regions: RegionActivity;
  /** Per `provider|scope`: the time span the audit logs read cover. */
  auditWindows: Map<string, { first: number; last: number }>;
  /** `instanceKey|remote` of flows ignored because their destination is waived. */
  waivedDestinations: Map<string, { owner: string; expires: string }>;
  /** Per `provider|scope|leg`: sources the collector could not read there. */
  unread: Map<string, UnreadSignal[]>;
}

/** The key of `Gathered.unread`. */
export function unreadKey(provider: Provider, scope: string, leg: string): string {
  return `${provider}|${scope}|${leg}`;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Creations de-duplicated by event id (CloudTrail eventID, a GCP operation's first and last entries). */
function uniqueCreations(
  digests: FileDigest[],
  noteDuplicate: (file: string, pointer: string, what: string) => void,
): CreationSignal[] {
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
      // A GCP operation's first entry carries the request, its last the outcome: keep both halves.
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
  return creations;
}

function uniqueTampering(
  digests: FileDigest[],
  noteDuplicate: (file: string, pointer: string, what: string) => void,
  list: (d: FileDigest) => TamperSignal[] = (d) => d.tampering,
): TamperSignal[] {
  const seen = new Set<string>();
  const tampering: TamperSignal[] = [];
  for (const d of digests)
    for (const t of list(d)) {
      if (t.eventId && seen.has(t.eventId)) {
        noteDuplicate(t.file, t.pointer, `event ${t.eventId}`);
        continue;
      }
      if (t.eventId) seen.add(t.eventId);
      tampering.push(t);
    }
  return tampering;
}

/**
 * Joins every signal to the instance it belongs to: interfaces → instances from the inventory first, then
 * from what the telemetry itself says; then coverage (which interfaces and networks had flow and DNS records).
 */
export function gatherInstances(
  digests: FileDigest[],
  inventory: Inventory | undefined,
  waivers: WaiverBook,
  noteDuplicate: (file: string, pointer: string, what: string) => void,
): Gathered {
  const creations = uniqueCreations(digests, noteDuplicate);
  const tampering = uniqueTampering(digests, noteDuplicate);
  const resumed = uniqueTampering(digests, noteDuplicate, (d) => d.resumed);
  const capacity = new CapacityIndex(digests, noteDuplicate);

  const dir = new InstanceDirectory();
  if (inventory) dir.addInventory(inventory);
  for (const d of digests) for (const b of d.bindings) dir.addBinding(b);
  for (const c of creations)
    if (c.instanceId) for (const a of c.aliases ?? []) dir.link(c.provider, a, c.instanceId, c.scope);
  for (const d of digests)
    for (const e of d.endpoints)
      if (e.instanceId) dir.link(e.provider, e.endpoint, e.instanceId, e.scope, e.networkId, e.subnet);

  const states = new Map<string, InstanceState>();
  const state = (provider: Provider, key: string, written?: string): InstanceState => {
    let s = states.get(key);
    if (!s) {
      // The id as the cloud wrote it when it is this key's (ARM ids compare without case but read better as written).
      const id =
        written && instanceKey(provider, written) === key ? written : key.slice(key.indexOf('|') + 1);
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
    const s = state(w.provider, instanceKey(w.provider, w.id), w.id);
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
    const s = state(c.provider, resolveOrSelf(c.provider, c.instanceId), c.instanceId);
    if (!s.creation || c.time < s.creation.time) s.creation = c;
    s.scope ??= c.scope;
    s.region ??= c.region;
  }
  for (const d of digests)
    for (const series of d.cpu) {
      const s = state(series.provider, resolveOrSelf(series.provider, series.instanceId), series.instanceId);
      let values = series.values;
      if (series.unit === 'cores') {
        // Cores in use become a percent of what the workload reserved (a task's or container group's vCPUs).
        const cores = s.creation?.vcpus ?? s.workload?.vcpus;
        if (!cores) {
          s.cpuUnscaled = true;
          s.scope ??= series.scope;
          s.region ??= series.region;
          continue;
        }
        values = series.values.map((v) => (v / cores) * 100);
      }
      // One series per instance is the common case: keep its arrays instead of copying them.
      if (s.times.length === 0) {
        s.times = series.times;
        s.values = values;
      } else {
        s.times = concat(s.times, series.times);
        s.values = concat(s.values, values);
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

  markCoverage(digests, dir, states, state);

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
  return {
    states,
    failed,
    tampering,
    gaps: loggingGaps(tampering, resumed),
    capacity,
    regions: new RegionActivity(digests, creations),
    auditWindows,
    waivedDestinations,
    unread: unreadByLeg(digests),
  };
}

function unreadByLeg(digests: FileDigest[]): Map<string, UnreadSignal[]> {
  const out = new Map<string, UnreadSignal[]>();
  for (const d of digests)
    for (const u of d.unread) {
      const key = unreadKey(u.provider, u.scope, u.leg);
      const list = out.get(key);
      if (list) list.push(u);
      else out.set(key, [u]);
    }
  return out;
}

/**
 * Which instances had flow records (on an interface, or in their network — their subnet, where flow logs are switched
 * on per subnet) and DNS logging.
 */
function markCoverage(
  digests: FileDigest[],
  dir: InstanceDirectory,
  states: Map<string, InstanceState>,
  state: (provider: Provider, key: string) => InstanceState,
): void {
  const seenEndpoints = new Set<string>();
  const seenNetworks = new Set<string>();
  const seenSubnets = new Set<string>();
  // Each flow file lists the interfaces it saw: one seen before with the same network, instance and scope changes nothing.
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
      const subnet = e.subnet ?? dir.subnetOf(e.provider, e.endpoint);
      if (subnet) seenSubnets.add(`${e.provider}|${subnet.toLowerCase()}`);
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
    // Where flow logs are per subnet, records elsewhere in the network say nothing about this instance.
    const perSubnet = [...eps].some((ep) => dir.subnetOf(s.provider, ep.slice(ep.indexOf('|') + 1)));
    for (const ep of eps) {
      const endpoint = ep.slice(ep.indexOf('|') + 1);
      if (seenEndpoints.has(ep)) s.flowCovered = true;
      const net = dir.networkOf(s.provider, endpoint);
      const subnet = dir.subnetOf(s.provider, endpoint);
      if (subnet && seenSubnets.has(`${s.provider}|${subnet.toLowerCase()}`)) s.flowCovered = true;
      if (!perSubnet && net && seenNetworks.has(`${s.provider}|${net.toLowerCase()}`)) s.flowCovered = true;
      if (net && dnsNetworks.has(`${s.provider}:${net}`.toLowerCase())) s.dnsCovered = true;
    }
    const wNet = s.workload?.networkId;
    if (!perSubnet && wNet && seenNetworks.has(`${s.provider}|${wNet.toLowerCase()}`)) s.flowCovered = true;
    if (wNet && dnsNetworks.has(`${s.provider}:${wNet}`.toLowerCase())) s.dnsCovered = true;
    if (isEndpoint(s.id) && seenEndpoints.has(s.key)) s.flowCovered = true;
    if (s.dns.length) s.dnsCovered = true;
  }
}
