import type { Route, RouteTarget } from '../../../src/model/network.js';
import { arrayOf, networkSchema, routerSchema, routeSchema, subnetworkSchema } from '../shapes.js';
import { type GcpContext, readOrGap } from './context.js';
import { lastSegment, projectOfName, relativeName } from './names.js';

export function normalizeNetworks(ctx: GcpContext, project: string): void {
  const networks = readOrGap(ctx, arrayOf(networkSchema), project, 'compute-networks-list');
  const subnets = readOrGap(ctx, arrayOf(subnetworkSchema), project, 'compute-networks-subnets-list');
  subnets?.value.forEach((s, i) => {
    const region = lastSegment(s.region);
    ctx.inv.subnets.push({
      provider: 'gcp',
      scope: project,
      region,
      id: `projects/${project}/regions/${region}/subnetworks/${s.name}`,
      type: 'compute.googleapis.com/Subnetwork',
      name: s.name,
      evidence: [subnets.ref(`/${i}`)],
      networkId: relativeName(s.network),
      cidrs: [s.ipCidrRange, ...(s.secondaryIpRanges ?? []).map((r) => r.ipCidrRange)].filter(
        (c): c is string => !!c,
      ),
    });
  });
  networks?.value.forEach((n, i) => {
    const id = `projects/${project}/global/networks/${n.name}`;
    ctx.inv.networks.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      id,
      type: 'compute.googleapis.com/Network',
      name: n.name,
      evidence: [networks.ref(`/${i}`)],
      isDefault: n.name === 'default',
      cidrs: n.IPv4Range
        ? [n.IPv4Range]
        : ctx.inv.subnets.filter((s) => s.scope === project && s.networkId === id).flatMap((s) => s.cidrs),
    });
  });
}

/**
 * Instances on a network another project owns (Shared VPC): the network is listed in their own project too, with
 * `ownerScope`, as the model does for shared networks; a copy of the owner's when the owner was collected.
 */
export function sharedNetworks(ctx: GcpContext): void {
  const seen = new Set(ctx.inv.networks.map((n) => `${n.scope}|${n.id}`));
  for (const w of ctx.inv.workloads)
    for (const a of w.attachments) {
      const owner = a.networkId ? projectOfName(a.networkId) : undefined;
      if (!a.networkId || !owner || owner === w.scope || seen.has(`${w.scope}|${a.networkId}`)) continue;
      seen.add(`${w.scope}|${a.networkId}`);
      const own = ctx.inv.networks.find((n) => n.id === a.networkId && n.scope === owner);
      ctx.inv.networks.push({
        provider: 'gcp',
        scope: w.scope,
        region: 'global',
        id: a.networkId,
        type: 'compute.googleapis.com/Network',
        name: lastSegment(a.networkId),
        evidence: own?.evidence ?? [],
        isDefault: false,
        cidrs: own?.cidrs ?? [],
        ownerScope: owner,
      });
    }
}

function targetOf(r: {
  nextHopGateway?: string | null;
  nextHopInstance?: string | null;
  nextHopIp?: string | null;
  nextHopIlb?: string | null;
  nextHopPeering?: string | null;
  nextHopNetwork?: string | null;
  nextHopVpnTunnel?: string | null;
}): [RouteTarget, string | undefined] {
  if (r.nextHopGateway)
    return [
      /default-internet-gateway$/.test(r.nextHopGateway) ? 'internet-gateway' : 'other',
      relativeName(r.nextHopGateway),
    ];
  if (r.nextHopNetwork) return ['local', relativeName(r.nextHopNetwork)];
  if (r.nextHopPeering) return ['peering', r.nextHopPeering];
  if (r.nextHopInstance) return ['instance', relativeName(r.nextHopInstance)];
  if (r.nextHopIp) return ['instance', r.nextHopIp];
  if (r.nextHopIlb) return ['other', relativeName(r.nextHopIlb)];
  if (r.nextHopVpnTunnel) return ['other', relativeName(r.nextHopVpnTunnel)];
  return ['other', undefined];
}

/**
 * The routes that apply to each subnet: the network's routes without instance tags (routes are global to the
 * network), and a `nat-gateway` route where a Cloud NAT serves the subnet and the default internet route exists.
 * Routes limited to instance tags are left out: the model has no per-instance route selection.
 */
export function normalizeRoutes(ctx: GcpContext, project: string): void {
  const routes = readOrGap(ctx, arrayOf(routeSchema), project, 'compute-routes-list');
  const routers = readOrGap(ctx, arrayOf(routerSchema), project, 'compute-routers-list');
  if (!routes) return;
  for (const subnet of ctx.inv.subnets.filter((s) => s.scope === project)) {
    const list: Route[] = [];
    const evidence = [routes.ref()];
    routes.value.forEach((r, i) => {
      if (relativeName(r.network) !== subnet.networkId || (r.tags?.length ?? 0) > 0 || !r.destRange) return;
      const [target, targetId] = targetOf(r);
      // The default internet gateway carries traffic only for instances with an external IP; the others need Cloud NAT.
      const needsPublicIp = target === 'internet-gateway' && !r.destRange.includes(':');
      list.push({
        destination: r.destRange,
        target,
        ...(targetId ? { targetId } : {}),
        ...(needsPublicIp ? { needsPublicIp } : {}),
      });
      evidence.push(routes.ref(`/${i}`));
    });
    const internet = list.some((r) => r.target === 'internet-gateway' && r.destination === '0.0.0.0/0');
    routers?.value.forEach((router, i) => {
      if (relativeName(router.network) !== subnet.networkId || lastSegment(router.region) !== subnet.region)
        return;
      for (const nat of router.nats ?? []) {
        const all = (nat.sourceSubnetworkIpRangesToNat ?? 'ALL_SUBNETWORKS_ALL_IP_RANGES').startsWith(
          'ALL_SUBNETWORKS',
        );
        const listed = (nat.subnetworks ?? []).some(
          (s) => relativeName(s.name) === subnet.id || s.name === subnet.name,
        );
        if (!internet || !(all || listed)) continue;
        list.push({
          destination: '0.0.0.0/0',
          target: 'nat-gateway',
          targetId: `projects/${project}/regions/${subnet.region}/routers/${router.name}/nats/${nat.name}`,
        });
        evidence.push(routers.ref(`/${i}`));
      }
    });
    ctx.inv.routeTables.push({
      provider: 'gcp',
      scope: project,
      region: subnet.region,
      id: `${subnet.id}/routes`,
      type: 'compute.googleapis.com/Route',
      name: `routes of ${subnet.name}`,
      evidence,
      networkId: subnet.networkId,
      main: false,
      subnetIds: [subnet.id],
      routes: list,
    });
  }
}
