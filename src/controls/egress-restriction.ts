import { vocabularyOf } from '../../providers/index.js';
import { gapsFor, type Inventory } from '../model/inventory.js';
import type { Firewall } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import type { Policy } from '../policy/schema.js';
import type { ControlResult } from './control.js';
import { defineControl } from './control.js';
import {
  addressFamilies,
  internetPath,
  openEgress,
  orderedListAllows,
  subnetFirewalls,
} from './network-paths.js';
import { fromGaps, listNames, resourceSubject, result } from './results.js';
import { regionSubject } from './scope-regions.js';
import { unlistedWorkloads, workloadLabel } from './workload-networks.js';

function rulePointers(f: Firewall, pointers: (string | undefined)[]) {
  const base = f.evidence[0];
  if (!base) return [];
  return pointers.filter((p): p is string => !!p).map((pointer) => ({ ...base, pointer }));
}

function judgeInterfaceFirewall(inv: Inventory, policy: Policy, f: Firewall): ControlResult | undefined {
  const users = inv.workloads.filter(
    (w) =>
      w.scope === f.scope && w.region === f.region && w.attachments.some((a) => a.firewallIds.includes(f.id)),
  );
  if (users.length === 0) return undefined;
  const subject = resourceSubject(f);
  const name = `${f.id}${f.name ? ` (${f.name})` : ''}`;
  const open = openEgress(f, policy.intel.miningPorts);
  if (open.allTraffic.length === 0 && open.miningPorts.length === 0 && open.opaque.length === 0) {
    return result(
      'pass',
      subject,
      `Security group ${name} allows no internet-wide egress on all ports or on mining ports.`,
      f.evidence,
    );
  }
  // Effective path: an open rule on a workload that cannot route to the internet (or whose ACL blocks it) is contained.
  // With all traffic open (or an unknown prefix list) a pool on 443 is reachable too, so the ACL must block that as well.
  const mustBlock =
    open.allTraffic.length > 0 || open.opaque.length > 0
      ? [...policy.intel.miningPorts, 80, 443]
      : open.miningPorts;
  const exposed = users.filter((w) => {
    if (internetPath(inv, w) === 'no') return false;
    const acls = subnetFirewalls(inv, w);
    const families = addressFamilies(w);
    return !(
      acls.length > 0 && mustBlock.every((p) => acls.every((a) => !orderedListAllows(a, 'tcp', p, families)))
    );
  });
  if (open.allTraffic.length === 0 && open.miningPorts.length === 0 && exposed.length > 0) {
    const lists = [...new Set(open.opaque.map((r) => r.destination.value))];
    return result(
      'unassessed',
      subject,
      `Security group ${name} allows egress to prefix list${lists.length > 1 ? 's' : ''} ${listNames(lists)} from ${listNames(exposed.map(workloadLabel))}, whose entries were not collected (ec2 GetManagedPrefixListEntries), so whether it opens mining ports to the internet is unknown.`,
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
      `Security group ${name} allows ${what}, but none of its instances (${listNames(users.map(workloadLabel))}) has a route to the internet or an ACL that lets it out.`,
      evidence,
    );
  }
  const unknownPath = exposed.some((w) => internetPath(inv, w) === 'unknown');
  const note = unknownPath ? ' (routes were not collected, so the path was not checked)' : '';
  return result(
    'fail',
    subject,
    `Security group ${name} allows ${what} from ${listNames(exposed.map(workloadLabel))}${note}.`,
    evidence,
    open.allTraffic.length > 0 ? 'high' : 'medium',
  );
}

function judgeSubnetList(inv: Inventory, policy: Policy, f: Firewall): ControlResult | undefined {
  const users = inv.workloads.filter(
    (w) => w.scope === f.scope && w.region === f.region && !!w.subnetId && f.subnetIds.includes(w.subnetId),
  );
  if (users.length === 0) return undefined;
  const subject = resourceSubject(f);
  if (users.every((w) => internetPath(inv, w) === 'no')) {
    const names = listNames(users.map(workloadLabel));
    return result(
      'pass',
      subject,
      `Network ACL ${f.id} applies only to instances with no route to the internet (${names}).`,
      f.evidence,
    );
  }
  const families = [...new Set(users.flatMap(addressFamilies))];
  const allowing = policy.intel.miningPorts
    .map((p) => ({ p, rule: orderedListAllows(f, 'tcp', p, families) }))
    .filter((x) => x.rule);
  if (allowing.length === 0) {
    return result(
      'pass',
      subject,
      `Network ACL ${f.id} denies outbound traffic to the internet on every mining port.`,
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
  return result(
    'fail',
    subject,
    `Network ACL ${f.id} lets ${listNames(users.map(workloadLabel))} reach the internet on mining port${allowing.length > 1 ? 's' : ''} ${listNames(
      allowing.map((x) => String(x.p)),
      6,
    )}; it is a second line of defence behind security groups.`,
    evidence,
    'low',
  );
}

export const egressRestriction = defineControl({
  id: 'egress-restriction',
  title: 'Workloads cannot reach mining pools freely',
  pillar: 'egress-control',
  severity: 'high',
  grain: 'security group attached to workloads; network ACL of their subnets',
  rationale:
    'A miner needs a long-lived outbound connection to its pool; open egress to 0.0.0.0/0, or to stratum ports, is what lets it earn.',
  remediation:
    'Allow workloads only the egress they need, send internet-bound traffic through an inspecting egress, and deny stratum ports.',
  evaluate(inv, policy) {
    const out: ControlResult[] = [];
    for (const f of inv.firewalls) {
      const r =
        f.level === 'subnet' ? judgeSubnetList(inv, policy, f) : judgeInterfaceFirewall(inv, policy, f);
      if (r) out.push(r);
    }
    return [...out, ...unlistedFirewalls(inv), ...unlistedWorkloads(inv, 'egress rules')];
  },
});

/** Groups that workloads use but that could not be read, and regions whose ACLs could not be read. */
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
    const gaps = gapsFor(inv, ref.scope, ref.region, 'firewalls');
    const subject = {
      provider: ref.provider,
      scope: ref.scope,
      region: ref.region,
      resource: { id: ref.id, type: vocabularyOf(ref.provider).types.firewall },
    };
    out.push(
      gaps.length
        ? fromGaps(subject, `egress of ${ref.id}`, gaps)
        : result(
            'unassessed',
            subject,
            `Security group ${ref.id} is attached to instances but absent from the security group listing.`,
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
      out.push(fromGaps(regionSubject(scope, region), `network ACL egress in ${region}`, gaps));
  }
  return out;
}
