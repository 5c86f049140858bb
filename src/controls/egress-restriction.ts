import { vocabularyOf } from '../../providers/index.js';
import { capital } from '../../providers/vocabulary.js';
import { gapsFor, type Inventory } from '../model/inventory.js';
import type { EgressRule, Firewall } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import type { Policy } from '../policy/schema.js';
import { withArticle } from '../text/article.js';
import type { ControlResult } from './control.js';
import { defineControl } from './control.js';
import { egressAllows, egressLevels } from './effective-egress.js';
import { addressFamilies, internetPath, openEgress, orderedListAllows } from './network-paths.js';
import { fromGaps, listNames, resourceSubject, result } from './results.js';
import { regionSubject, sameRegion } from './scope-regions.js';
import { unlistedWorkloads, workloadLabel } from './workload-networks.js';

/** Ports probed to tell "all outbound traffic" in an ordered list: the web, a high port and every mining port. */
const PROBES = [80, 443, 1024, 8080, 65000];

function rulePointers(f: Firewall, pointers: (string | undefined)[]) {
  const base = f.evidence[0];
  if (!base) return [];
  return pointers.filter((p): p is string => !!p).map((pointer) => ({ ...base, pointer }));
}

interface Openness {
  allTraffic: EgressRule[];
  miningPorts: number[];
  rules: EgressRule[];
  opaque: EgressRule[];
}

/** What one rule set opens to the internet by itself: an allow-only set by its rules, an ordered list first-match. */
function openness(f: Firewall, miningPorts: number[]): Openness {
  if (!f.ordered) return openEgress(f, miningPorts);
  const hits = miningPorts.map((p) => ({ p, rule: orderedListAllows(f, 'tcp', p) }));
  const open = hits.filter((h) => h.rule);
  const probes = [...PROBES, ...miningPorts].map((p) => orderedListAllows(f, 'tcp', p));
  const all = probes.every(Boolean) ? [probes[0] as EgressRule] : [];
  return {
    allTraffic: all,
    miningPorts: open.map((h) => h.p),
    rules: open.map((h) => h.rule as EgressRule),
    opaque: [],
  };
}

function usersOf(inv: Inventory, f: Firewall): Workload[] {
  if (f.level === 'interface')
    return inv.workloads.filter(
      (w) =>
        w.scope === f.scope &&
        sameRegion(w.region, f.region) &&
        w.attachments.some((a) => a.firewallIds.includes(f.id)),
    );
  return inv.workloads.filter(
    (w) =>
      w.scope === f.scope &&
      sameRegion(w.region, f.region) &&
      [w.subnetId, ...w.attachments.map((a) => a.subnetId)].some((s) => !!s && f.subnetIds.includes(s)),
  );
}

function judgeInterfaceFirewall(inv: Inventory, policy: Policy, f: Firewall): ControlResult | undefined {
  const users = usersOf(inv, f);
  if (users.length === 0) return undefined;
  const v = vocabularyOf(f.provider);
  const noun = capital(v.firewall.interface.one);
  const subject = resourceSubject(f);
  const name = `${f.id}${f.name ? ` (${f.name})` : ''}`;
  const open = openness(f, policy.intel.miningPorts);
  if (open.allTraffic.length === 0 && open.miningPorts.length === 0 && open.opaque.length === 0) {
    return result(
      'pass',
      subject,
      `${noun} ${name} allows no internet-wide egress on all ports or on mining ports.`,
      f.evidence,
    );
  }
  // Effective path: an open rule on a workload that cannot route to the internet (or whose subnet list blocks it) is contained.
  // With all traffic open (or an unknown prefix list) a pool on 443 is reachable too, so the subnet list must block that as well.
  const mustBlock =
    open.allTraffic.length > 0 || open.opaque.length > 0
      ? [...policy.intel.miningPorts, 80, 443]
      : open.miningPorts;
  const exposed = users.filter((w) => {
    if (internetPath(inv, w) === 'no') return false;
    const levels = egressLevels(inv, w);
    if (levels.subnet.length === 0 && levels.network.length === 0) return true;
    return mustBlock.some((p) => egressAllows(levels, 'tcp', p, w, ['interface']).open);
  });
  if (open.allTraffic.length === 0 && open.miningPorts.length === 0 && exposed.length > 0) {
    const lists = [...new Set(open.opaque.map((r) => r.destination.value))];
    return result(
      'unassessed',
      subject,
      `${noun} ${name} allows egress to prefix list${lists.length > 1 ? 's' : ''} ${listNames(lists)} from ${listNames(exposed.map(workloadLabel))}, whose entries were not collected (${v.sources.prefixListEntries}), so whether it opens mining ports to the internet is unknown.`,
      [
        ...f.evidence,
        ...rulePointers(
          f,
          open.opaque.map((r) => r.pointer),
        ),
      ],
    );
  }
  const what =
    open.allTraffic.length > 0
      ? 'all outbound traffic to the internet'
      : open.miningPorts.length > 0
        ? `outbound traffic to the internet on mining port${open.miningPorts.length > 1 ? 's' : ''} ${listNames(open.miningPorts.map(String), 6)}`
        : `outbound traffic to prefix lists whose entries were not collected (${listNames(open.opaque.map((r) => r.destination.value))})`;
  const evidence = [
    ...f.evidence,
    ...rulePointers(
      f,
      [...open.allTraffic, ...open.rules].map((r) => r.pointer),
    ),
  ];
  if (exposed.length === 0) {
    return result(
      'pass',
      subject,
      `${noun} ${name} allows ${what}, but none of its ${v.instance.many} (${listNames(users.map(workloadLabel))}) has a route to the internet or ${withArticle(v.firewall.subnet.one)} that lets it out.`,
      evidence,
    );
  }
  const unknownPath = exposed.some((w) => internetPath(inv, w) === 'unknown');
  const note = unknownPath ? ' (routes were not collected, so the path was not checked)' : '';
  return result(
    'fail',
    subject,
    `${noun} ${name} allows ${what} from ${listNames(exposed.map(workloadLabel))}${note}.`,
    evidence,
    open.allTraffic.length > 0 ? 'high' : 'medium',
  );
}

function judgeSubnetList(inv: Inventory, policy: Policy, f: Firewall): ControlResult | undefined {
  const users = usersOf(inv, f);
  if (users.length === 0) return undefined;
  const v = vocabularyOf(f.provider);
  const noun = capital(v.firewall.subnet.one);
  const subject = resourceSubject(f);
  // One NSG on NICs and on subnets is judged at each level: the subnet view gets an id of its own.
  if (inv.firewalls.some((x) => x.level === 'interface' && x.id === f.id && x.scope === f.scope))
    subject.resource = { ...subject.resource, id: `${f.id}#subnets` };
  if (users.every((w) => internetPath(inv, w) === 'no')) {
    const names = listNames(users.map(workloadLabel));
    return result(
      'pass',
      subject,
      `${noun} ${f.id} applies only to ${v.instance.many} with no route to the internet (${names}).`,
      f.evidence,
    );
  }
  // Where nothing filters at the interface (an Azure NIC without an NSG), the subnet's list is the first line.
  const primary = users.some((w) => w.attachments.every((a) => a.firewallIds.length === 0));
  const families = [...new Set(users.flatMap(addressFamilies))];
  const allowing = policy.intel.miningPorts
    .map((p) => ({ p, rule: orderedListAllows(f, 'tcp', p, families) }))
    .filter((x) => x.rule);
  if (allowing.length === 0) {
    return result(
      'pass',
      subject,
      `${noun} ${f.id} denies outbound traffic to the internet on every mining port.`,
      f.evidence,
    );
  }
  const evidence = [
    ...f.evidence,
    ...rulePointers(
      f,
      allowing.map((x) => x.rule?.pointer),
    ),
  ];
  const all =
    primary &&
    [...PROBES, ...policy.intel.miningPorts].every((p) => orderedListAllows(f, 'tcp', p, families));
  const ports = `mining port${allowing.length > 1 ? 's' : ''} ${listNames(
    allowing.map((x) => String(x.p)),
    6,
  )}`;
  return result(
    'fail',
    subject,
    primary
      ? `${noun} ${f.id} lets ${listNames(users.map(workloadLabel))} reach the internet on ${all ? 'all ports' : ports}, and no ${v.firewall.interface.one} filters their interfaces.`
      : `${noun} ${f.id} lets ${listNames(users.map(workloadLabel))} reach the internet on ${ports}; it is a second line of defence behind ${v.firewall.interface.many}.`,
    evidence,
    primary ? (all ? 'high' : 'medium') : 'low',
  );
}

/** Network-level rules (GCP): one finding per network, on the effective egress of its instances through every tier. */
function judgeNetworks(inv: Inventory, policy: Policy): ControlResult[] {
  const out: ControlResult[] = [];
  const networkLevel = inv.firewalls.filter((f) => f.level === 'network');
  if (networkLevel.length === 0) return out;
  for (const n of inv.networks) {
    const users = inv.workloads.filter(
      (w) => w.provider === n.provider && w.scope === n.scope && w.networkId === n.id,
    );
    const firewalls = networkLevel.filter(
      (f) => f.provider === n.provider && f.scope === n.scope && (!f.networkId || f.networkId === n.id),
    );
    if (users.length === 0 || firewalls.length === 0) continue;
    const v = vocabularyOf(n.provider);
    const subject = resourceSubject(n);
    const all: Workload[] = [];
    const mining = new Map<Workload, number[]>();
    const rules = new Set<EgressRule>();
    for (const w of users) {
      if (internetPath(inv, w) === 'no') continue;
      const levels = egressLevels(inv, w);
      const probe = (p: number) => {
        const verdict = egressAllows(levels, 'tcp', p, w);
        if (verdict.open) for (const r of verdict.rules) rules.add(r);
        return verdict.open;
      };
      const ports = policy.intel.miningPorts.filter(probe);
      // All ports: the probes and every mining port get out (a policy denying stratum ports is not "all").
      if (ports.length === policy.intel.miningPorts.length && PROBES.every(probe)) all.push(w);
      else if (ports.length) mining.set(w, ports);
    }
    const evidence = [...n.evidence, ...firewalls.flatMap((f) => f.evidence)];
    const named = [...rules].map((r) =>
      r.implied ? `the implied allow-all egress rule` : (r.pointer ?? 'a rule'),
    );
    if (all.length === 0 && mining.size === 0) {
      out.push(
        result(
          'pass',
          subject,
          `No ${v.instance.one} in network ${n.id} can reach the internet on all ports or on mining ports through its ${v.firewall.network.many}.`,
          evidence,
        ),
      );
      continue;
    }
    const ports = [...new Set([...mining.values()].flat())].sort((a, b) => a - b);
    const parts = [
      all.length
        ? `${listNames(all.map(workloadLabel))} reach${all.length === 1 ? 'es' : ''} the internet on all ports`
        : '',
      mining.size
        ? `${listNames([...mining.keys()].map(workloadLabel))} reach${mining.size === 1 ? 'es' : ''} it on mining port${ports.length > 1 ? 's' : ''} ${listNames(ports.map(String), 6)}`
        : '',
    ].filter(Boolean);
    out.push(
      result(
        'fail',
        subject,
        `In network ${n.id}, ${parts.join('; ')} (allowed by ${listNames([...new Set(named)])}).`,
        evidence,
        all.length ? 'high' : 'medium',
      ),
    );
  }
  return out;
}

/** An interface with nothing filtering it at any level: all egress is open (an Azure NIC without an NSG on it or its subnet). */
function unfiltered(inv: Inventory): ControlResult[] {
  const out: ControlResult[] = [];
  const unknownNetworks = new Set<string>();
  for (const w of inv.workloads) {
    const levels = egressLevels(inv, w);
    if (levels.interface.length || levels.subnet.length || levels.network.length || levels.unlisted.length)
      continue;
    const gaps = [
      ...gapsFor(inv, w.scope, w.region, 'firewalls'),
      ...gapsFor(inv, w.scope, w.region, 'network-acls'),
    ];
    if (gaps.length) {
      // Nothing known filters it and the rules could not be read: its network's egress is unknown, not open.
      const n = inv.networks.find((x) => x.scope === w.scope && x.id === w.networkId);
      if (n && !unknownNetworks.has(`${n.scope}|${n.id}`)) {
        unknownNetworks.add(`${n.scope}|${n.id}`);
        out.push(fromGaps(resourceSubject(n), `egress of network ${n.id}`, gaps));
      }
      continue;
    }
    if (internetPath(inv, w) === 'no') continue;
    const v = vocabularyOf(w.provider);
    for (const a of w.attachments) {
      out.push(
        result(
          'fail',
          {
            provider: w.provider,
            scope: w.scope,
            region: w.region,
            resource: { id: a.id, type: v.types.interface },
          },
          `Interface ${a.id} of ${workloadLabel(w)} has no ${v.firewall.interface.one} and no ${v.firewall.subnet.one}: all outbound traffic to the internet is allowed.`,
          w.evidence,
          'high',
        ),
      );
    }
  }
  return out;
}

export const egressRestriction = defineControl({
  id: 'egress-restriction',
  title: 'Workloads cannot reach mining pools freely',
  pillar: 'egress-control',
  severity: 'high',
  grain: 'rule set attached to workloads; rule set of their subnets; network, where rules are tiered',
  rationale:
    'A miner needs a long-lived outbound connection to its pool; open egress to 0.0.0.0/0, or to stratum ports, is what lets it earn.',
  remediation:
    'Allow workloads only the egress they need, send internet-bound traffic through an inspecting egress, and deny stratum ports.',
  evaluate(inv, policy) {
    const out: ControlResult[] = [];
    for (const f of inv.firewalls) {
      if (f.level === 'network') continue;
      const r =
        f.level === 'subnet' ? judgeSubnetList(inv, policy, f) : judgeInterfaceFirewall(inv, policy, f);
      if (r) out.push(r);
    }
    return [
      ...out,
      ...judgeNetworks(inv, policy),
      ...unfiltered(inv),
      ...unlistedFirewalls(inv),
      ...unlistedWorkloads(inv, 'egress rules'),
    ];
  },
});

/** Rule sets that workloads use but that could not be read, and regions whose subnet lists could not be read. */
function unlistedFirewalls(inv: Inventory): ControlResult[] {
  const out: ControlResult[] = [];
  const known = new Set(inv.firewalls.map((f) => `${f.scope}|${f.region}|${f.id}`));
  const referenced = new Map<
    string,
    { scope: string; region: string; id: string; provider: Workload['provider'] }
  >();
  for (const w of inv.workloads) {
    for (const id of w.attachments.flatMap((a) => a.firewallIds)) {
      const key = `${w.scope}|${w.region}|${id}`;
      if (!known.has(key))
        referenced.set(key, { scope: w.scope, region: w.region, id, provider: w.provider });
    }
  }
  for (const ref of referenced.values()) {
    const v = vocabularyOf(ref.provider);
    const gaps = gapsFor(inv, ref.scope, ref.region, 'firewalls');
    const subject = {
      provider: ref.provider,
      scope: ref.scope,
      region: ref.region,
      resource: { id: ref.id, type: v.types.firewall },
    };
    out.push(
      gaps.length
        ? fromGaps(subject, `egress of ${ref.id}`, gaps)
        : result(
            'unassessed',
            subject,
            `${capital(v.firewall.interface.one)} ${ref.id} is attached to ${v.instance.many} but absent from the ${v.firewall.interface.one} listing.`,
            [],
          ),
    );
  }
  const regions = new Set(inv.workloads.map((w) => `${w.scope}|${w.region}`));
  for (const key of regions) {
    const [scopeId, region] = key.split('|') as [string, string];
    const gaps = gapsFor(inv, scopeId, region, 'network-acls');
    const scope = inv.scopes.find((s) => s.id === scopeId);
    if (gaps.length && scope)
      out.push(
        fromGaps(
          regionSubject(scope, region),
          `${vocabularyOf(scope.provider).firewall.subnet.one} egress in ${region}`,
          gaps,
        ),
      );
  }
  return out;
}
