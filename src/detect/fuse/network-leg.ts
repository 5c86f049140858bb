import type { Inventory } from '../../model/inventory.js';
import type { FlowHit } from '../signals.js';
import type { LegContext, LegOutcome } from './creation-leg.js';
import type { InstanceState } from './instances.js';
import { duration, iso, MINUTE } from './time-text.js';
import { weights } from './weights.js';

export interface NetworkOutcome extends LegOutcome {
  /** A listed pool, a pool domain or a provider finding. */
  strong: boolean;
  /** Only a long, low-volume connection on a stratum port. */
  weak: boolean;
  destinations: string[];
}

/** Stratum keeps a pool connection open for hours at a few KB a minute: long-lived and low-volume. */
function weakPortEvidence(hit: FlowHit): boolean {
  const minutes = Math.max(1, (hit.last - hit.first) / MINUTE);
  return minutes >= 30 && hit.bytes / minutes < 200_000;
}

/** Flow logs the evidence bundle knows of, for the instance's interfaces, subnet or network. */
export function flowLogsOf(s: InstanceState, inventory: Inventory | undefined) {
  const w = s.workload;
  if (!w || !inventory) return [];
  const targets = new Set([
    w.networkId,
    w.subnetId,
    ...w.attachments.flatMap((a) => [a.id, a.subnetId, a.networkId]),
  ]);
  return inventory.flowLogs.filter((f) => f.provider === w.provider && f.active && targets.has(f.target.id));
}

/** Only rejected traffic is logged: accepted egress to a pool would never appear. */
function rejectOnly(s: InstanceState, inventory: Inventory | undefined): boolean {
  const logs = flowLogsOf(s, inventory);
  return logs.length > 0 && logs.every((f) => f.traffic === 'reject');
}

function networkBlindness(s: InstanceState, inventory: Inventory | undefined): string {
  const logs = flowLogsOf(s, inventory);
  if (logs.length && logs.every((f) => f.traffic === 'reject'))
    return `its flow log${logs.length > 1 ? 's' : ''} (${logs.map((f) => f.id).join(', ')}) record only rejected traffic, so accepted egress to a pool is unseen`;
  if (logs.length)
    return `flow log ${logs.map((f) => f.id).join(', ')} covers it, but none of its records were in the telemetry read`;
  return 'no flow log for its interface or network in the window read';
}

/** Traffic to pools (by list, by DNS answer, by a provider's finding), pool lookups, or only a stratum-port hint. */
export function networkLeg(
  s: InstanceState,
  scope: string,
  inventory: Inventory | undefined,
  ctx: LegContext,
): NetworkOutcome {
  const strongFlows = s.flows.filter((f) => f.match !== 'port');
  const weakFlows = s.flows.filter((f) => f.match === 'port' && weakPortEvidence(f));
  const destinations = new Set<string>();
  const said: string[] = [];
  const evidence = [];
  for (const f of strongFlows) destinations.add(`${f.remote}:${f.port}`);
  for (const q of s.dns) destinations.add(q.query.replace(/\.$/, ''));
  for (const f of s.findings) for (const d of f.destinations) destinations.add(d);
  if (strongFlows.length) {
    // One entry per destination, however many files (an hour per file, a NIC per file) carried its records.
    const byDestination = new Map<string, FlowHit>();
    for (const f of [...strongFlows].sort((a, b) => a.first - b.first)) {
      const key = `${f.remote}:${f.port}`;
      const seen = byDestination.get(key);
      if (!seen) byDestination.set(key, { ...f });
      else {
        seen.records += f.records;
        seen.accepted += f.accepted;
        seen.last = Math.max(seen.last, f.last);
      }
    }
    const byMatch = [...byDestination.values()].slice(0, 4).map((f) => {
      const why =
        f.match === 'dns-answer' ? `an address ${f.indicator} resolved to` : `listed in ${f.source}`;
      const act = f.accepted === 0 ? ', all rejected' : '';
      const when = f.first ? ` from ${iso(f.first)}` : '';
      return `${f.remote}:${f.port} (${why}; ${f.records} flow record${f.records > 1 ? 's' : ''}${when}${act})`;
    });
    said.push(`sent traffic to ${byMatch.join(', ')}`);
    for (const f of strongFlows.slice(0, 8)) evidence.push(ctx.ref(f.file, f.pointer));
  }
  if (s.dns.length) {
    const names = [...new Set(s.dns.map((q) => q.query.replace(/\.$/, '')))].sort();
    said.push(
      `looked up pool domain${names.length > 1 ? 's' : ''} ${names.slice(0, 3).join(', ')} (listed in ${s.dns[0]?.source})`,
    );
    for (const q of s.dns.slice(0, 5)) evidence.push(ctx.ref(q.file, q.pointer));
  }
  if (s.findings.length) {
    const types = [...new Set(s.findings.map((f) => f.type))].sort();
    said.push(`was flagged by ${types.join(', ')}`);
    for (const f of s.findings.slice(0, 5)) evidence.push(ctx.ref(f.file, f.pointer));
  }
  const strong = strongFlows.length > 0 || s.dns.length > 0 || s.findings.length > 0;
  const weak = !strong && weakFlows.length > 0;
  if (weak) {
    for (const f of weakFlows) destinations.add(`${f.remote}:${f.port}`);
    const w = weakFlows[0] as FlowHit;
    said.push(
      `held a long, low-volume connection to ${w.remote}:${w.port}, a known stratum port, for ${duration((w.last - w.first) / MINUTE)} (weak evidence: the address is on no list)`,
    );
    for (const f of weakFlows.slice(0, 5)) evidence.push(ctx.ref(f.file, f.pointer));
  }
  const base = { provider: s.provider, scope, leg: 'network' as const, resource: s.id };
  const blind = !strong && !weak && (!s.flowCovered || rejectOnly(s, inventory));
  const coverage = {
    ...base,
    blind,
    why: blind
      ? networkBlindness(s, inventory)
      : s.flowCovered
        ? `flow records read for its interface or network${s.dnsCovered ? '; DNS queries logged' : '; no DNS query log, so pool lookups by name are unseen'}`
        : 'seen through DNS logs or a security finding, but no flow records for its interfaces',
  };
  const out = { coverage, strong, weak, destinations: [...destinations].sort(), evidence };
  if (strong || weak) {
    let score = strong ? weights.poolTraffic : weights.stratumPortOnly;
    if (strong && destinations.size > 1) score += weights.severalDestinations;
    return {
      ...out,
      leg: { state: 'seen', detail: said.join('; ') },
      sentences: [`It ${said.join('; and ')}.`],
      score,
    };
  }
  if (s.flowCovered && !rejectOnly(s, inventory)) {
    const waived = [...ctx.gathered.waivedDestinations.keys()].filter((k) =>
      k.startsWith(`${s.key}|`),
    ).length;
    return {
      ...out,
      leg: {
        state: 'absent',
        detail: `flow records for its interfaces show no mining-pool destination${waived ? ` (${waived} waived destination${waived > 1 ? 's' : ''} ignored)` : ''}`,
      },
      sentences: [],
      score: 0,
    };
  }
  return { ...out, leg: { state: 'blind', detail: networkBlindness(s, inventory) }, sentences: [], score: 0 };
}
