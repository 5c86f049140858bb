import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { EgressRule, Firewall, PortRange } from '../../../src/model/network.js';
import type { HierarchyNode } from '../bundle-paths.js';
import { nodeName } from '../bundle-paths.js';
import {
  arrayOf,
  type FirewallPolicy,
  type FirewallPolicyRule,
  firewallPolicySchema,
  firewallSchema,
  networkSchema,
} from '../shapes.js';
import { type GcpContext, projectNode, readNode, readOrGap } from './context.js';
import { relativeName } from './names.js';

const ipv4All = '0.0.0.0/0';

/** `"8000-9000"` → {from, to}; absent → all ports. */
function portRanges(ports: string[] | null | undefined): (PortRange | 'all')[] {
  if (!ports?.length) return ['all'];
  return ports.map((p) => {
    const [a, b] = p.split('-');
    return { from: Number(a), to: Number(b ?? a) };
  });
}

function protocol(p: string): string {
  const l = p.toLowerCase();
  return l === 'all'
    ? 'all'
    : (({ '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' } as Record<string, string>)[l] ?? l);
}

/** A firewall policy rule (hierarchical or network) as egress rules: one per destination × protocol × port range. */
function policyRules(
  rules: FirewallPolicyRule[] | null | undefined,
  network: string,
  pointerBase: string,
): EgressRule[] {
  const out: EgressRule[] = [];
  (rules ?? []).forEach((r, i) => {
    if (r.direction !== 'EGRESS' || r.disabled) return;
    // A rule limited to other networks does not apply here.
    if (r.targetResources?.length && !r.targetResources.some((t) => relativeName(t) === network)) return;
    const action = r.action === 'goto_next' ? 'next' : r.action === 'deny' ? 'deny' : 'allow';
    const m = r.match ?? {};
    const destinations: EgressRule['destination'][] = [
      ...(m.destIpRanges ?? []).map((v) => ({ kind: 'cidr' as const, value: v })),
      ...(m.destFqdns ?? []).map((v) => ({ kind: 'group' as const, value: `fqdn:${v}` })),
      ...(m.destThreatIntelligences ?? []).map((v) => ({
        kind: 'group' as const,
        value: `threat-intelligence:${v}`,
      })),
      ...(m.destRegionCodes ?? []).map((v) => ({ kind: 'group' as const, value: `region-code:${v}` })),
      ...(m.destAddressGroups ?? []).map((v) => ({ kind: 'group' as const, value: `address-group:${v}` })),
    ];
    // No destination at all matches every address.
    if (destinations.length === 0)
      destinations.push({ kind: 'cidr', value: ipv4All }, { kind: 'cidr', value: '::/0' });
    const targets = {
      ...(r.targetServiceAccounts?.length ? { serviceAccounts: [...r.targetServiceAccounts] } : {}),
      ...(r.targetSecureTags?.length
        ? { tags: r.targetSecureTags.map((t) => t.name ?? '').filter(Boolean) }
        : {}),
    };
    for (const l4 of m.layer4Configs?.length ? m.layer4Configs : [{ ipProtocol: 'all', ports: null }])
      for (const ports of portRanges(l4.ports))
        for (const destination of destinations)
          out.push({
            action,
            priority: r.priority,
            protocol: protocol(l4.ipProtocol),
            ports,
            destination,
            pointer: `${pointerBase}/rules/${i}`,
            ...(Object.keys(targets).length ? { targets } : {}),
          });
  });
  return out;
}

/** Hierarchical firewall policies by the node they are associated with (`organizations/O`, `folders/F`). */
function hierarchicalPolicies(ctx: GcpContext, nodes: HierarchyNode[], project: string) {
  const byTarget = new Map<
    string,
    { policy: FirewallPolicy; ref: (p?: string) => EvidenceRef; pointer: string }[]
  >();
  const missing: string[] = [];
  for (const node of nodes) {
    const r = readNode(ctx, arrayOf(firewallPolicySchema), node, 'compute-firewall-policies-list');
    if (r.kind !== 'ok') {
      missing.push(nodeName(node));
      if (r.kind === 'error')
        ctx.inv.gaps.push({
          ...ctx.files.gap(
            project,
            'compute-firewall-policies-list',
            r,
            `hierarchical firewall policies of ${nodeName(node)}`,
          ),
        });
      continue;
    }
    r.value.forEach((policy, i) => {
      const targets = (policy.associations ?? []).map((a) => a.attachmentTarget ?? '').filter(Boolean);
      for (const t of targets.length ? targets : [nodeName(node)]) {
        const list = byTarget.get(t) ?? [];
        list.push({ policy, ref: r.ref, pointer: `/${i}` });
        byTarget.set(t, list);
      }
    });
  }
  return { byTarget, missing };
}

/**
 * The effective egress of each network, as network-level firewalls in tiers: hierarchical policies (organization,
 * then folders from the top), then the network firewall policy and the VPC firewall rules in the network's
 * enforcement order (VPC rules first unless BEFORE_CLASSIC_FIREWALL), then the implied rules: allow all egress at
 * 65535, which every network has and nobody can delete.
 */
export function normalizeFirewalls(ctx: GcpContext, project: string): void {
  const networks = ctx.files.readAs(arrayOf(networkSchema), projectNode(project), 'compute-networks-list');
  if (networks.kind !== 'ok') return;
  const rules = readOrGap(ctx, arrayOf(firewallSchema), project, 'compute-firewall-rules-list');
  const netPolicies = readOrGap(
    ctx,
    arrayOf(firewallPolicySchema),
    project,
    'compute-network-firewall-policies-list',
  );
  const ancestry = ctx.ancestry.get(project);
  if (ancestry === null)
    ctx.inv.gaps.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      domain: 'firewalls',
      kind: 'missing',
      reason: `the ancestry of project ${project} was not read (gcloud projects get-ancestors), so hierarchical firewall policies above it are unknown.`,
      evidence: [],
    });
  const hier = hierarchicalPolicies(ctx, ancestry ?? [], project);
  if (hier.missing.length)
    ctx.inv.gaps.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      domain: 'firewalls',
      kind: 'missing',
      reason: `hierarchical firewall policies of ${hier.missing.join(', ')} were not collected (gcloud compute firewall-policies list), so egress decided above project ${project} is unknown.`,
      evidence: [],
    });
  networks.value.forEach((n, ni) => {
    const networkId = `projects/${project}/global/networks/${n.name}`;
    const base = {
      provider: 'gcp' as const,
      scope: project,
      region: 'global',
      networkId,
      level: 'network' as const,
      ordered: true,
      subnetIds: [],
    };
    const out: Firewall[] = [];
    let tier = 0;
    for (const node of ancestry ?? []) {
      for (const { policy, ref, pointer } of hier.byTarget.get(nodeName(node)) ?? [])
        out.push({
          ...base,
          id: `locations/global/firewallPolicies/${policy.name}`,
          type: 'compute.googleapis.com/FirewallPolicy',
          name: policy.shortName ?? policy.displayName ?? policy.name,
          evidence: [ref(pointer)],
          tier,
          egress: policyRules(policy.rules, networkId, pointer),
        });
      tier++;
    }
    const vpc: Firewall[] = [];
    if (rules) {
      const egress: EgressRule[] = [];
      rules.value.forEach((r, i) => {
        if (relativeName(r.network) !== networkId || (r.direction ?? 'INGRESS') !== 'EGRESS' || r.disabled)
          return;
        const targets = {
          ...(r.targetTags?.length ? { tags: [...r.targetTags] } : {}),
          ...(r.targetServiceAccounts?.length ? { serviceAccounts: [...r.targetServiceAccounts] } : {}),
        };
        const dests = r.destinationRanges?.length ? r.destinationRanges : [ipv4All];
        const entries = [
          ...(r.allowed ?? []).map((a) => ({ action: 'allow' as const, ...a })),
          ...(r.denied ?? []).map((d) => ({ action: 'deny' as const, ...d })),
        ];
        for (const e of entries)
          for (const ports of portRanges(e.ports))
            for (const d of dests)
              egress.push({
                action: e.action,
                priority: r.priority ?? 1000,
                protocol: protocol(e.IPProtocol),
                ports,
                destination: { kind: 'cidr', value: d },
                pointer: `/${i}`,
                ...(Object.keys(targets).length ? { targets } : {}),
              });
      });
      vpc.push({
        ...base,
        id: `${networkId}/firewalls`,
        type: 'compute.googleapis.com/Firewall',
        name: `VPC firewall rules of ${n.name}`,
        evidence: [rules.ref()],
        egress,
      });
    }
    const policy: Firewall[] = [];
    netPolicies?.value.forEach((p, i) => {
      if (
        !(p.associations ?? []).some(
          (a) => a.attachmentTarget && relativeName(a.attachmentTarget) === networkId,
        )
      )
        return;
      policy.push({
        ...base,
        id: p.selfLink ? relativeName(p.selfLink) : `projects/${project}/global/firewallPolicies/${p.name}`,
        type: 'compute.googleapis.com/FirewallPolicy',
        name: p.name,
        evidence: [netPolicies.ref(`/${i}`)],
        egress: policyRules(p.rules, networkId, `/${i}`),
      });
    });
    const before = n.networkFirewallPolicyEnforcementOrder === 'BEFORE_CLASSIC_FIREWALL';
    for (const f of before ? [...policy, ...vpc] : [...vpc, ...policy]) out.push({ ...f, tier: tier++ });
    out.push({
      ...base,
      id: `${networkId}/implied-rules`,
      type: 'compute.googleapis.com/Firewall',
      name: `implied rules of ${n.name}`,
      evidence: [networks.ref(`/${ni}`)],
      tier,
      egress: [ipv4All, '::/0'].map((value) => ({
        action: 'allow' as const,
        priority: 65535,
        protocol: 'all',
        ports: 'all' as const,
        destination: { kind: 'cidr' as const, value },
        implied: true,
      })),
    });
    ctx.inv.firewalls.push(...out);
  });
}
