import type { EvidenceRef } from '../../src/model/evidence.js';
import type { CollectionGap, Domain } from '../../src/model/gap.js';
import { emptyInventory, type Inventory } from '../../src/model/inventory.js';
import type { AuditTrail, FlowLog, LogDestination, MetricAlarm } from '../../src/model/logging.js';
import type { EgressRule, Firewall, Network, RouteTable, Subnet } from '../../src/model/network.js';
import type { Scope } from '../../src/model/scope.js';
import type { Workload } from '../../src/model/workload.js';

export type Cloud = 'aws' | 'azure' | 'gcp';

/** Identifiers shaped as each cloud writes them, so controls meet what normalize really produces. */
export const shapes = {
  aws: {
    scope: '111122223333',
    region: 'us-east-1',
    network: 'vpc-0a1',
    subnet: 'subnet-0a1',
    instance: 'i-0a1000000000000a1',
    nic: 'eni-0a1',
    firewall: 'sg-0a1',
    subnetList: 'acl-0a1',
    trail: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org',
  },
  azure: {
    scope: '0b1c2d3e-0000-4000-8000-000000000001',
    region: 'westeurope',
    network:
      '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/rg/providers/microsoft.network/virtualnetworks/vnet1',
    subnet:
      '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/rg/providers/microsoft.network/virtualnetworks/vnet1/subnets/app',
    instance:
      '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1',
    nic: '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/rg/providers/microsoft.network/networkinterfaces/vm1-nic',
    firewall:
      '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/vm1-nsg',
    subnetList:
      '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/app-nsg',
    trail:
      '/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/providers/microsoft.insights/diagnosticsettings/activity',
  },
  gcp: {
    scope: 'shop-prod',
    region: 'europe-west1',
    network: 'projects/shop-prod/global/networks/default',
    subnet: 'projects/shop-prod/regions/europe-west1/subnetworks/default',
    instance: 'projects/shop-prod/zones/europe-west1-b/instances/web-1',
    nic: 'projects/shop-prod/zones/europe-west1-b/instances/web-1/nic0',
    firewall: 'projects/shop-prod/global/firewalls/allow-egress',
    subnetList: 'projects/shop-prod/global/firewalls/subnet',
    trail: 'projects/shop-prod/sinks/_Required',
  },
} as const;

const ref = (file: string): EvidenceRef => ({ file, sha256: '0'.repeat(64), api: 'test', collectedAt: null });

/**
 * An Inventory built item by item, cloud-shaped: one scope, one region, one network with one instance by
 * default. Each method adds an item and returns the builder; `build()` hands back the Inventory.
 */
export class EstateBuilder {
  readonly inv: Inventory = emptyInventory();
  readonly ids: (typeof shapes)[Cloud];
  readonly cloud: Cloud;

  constructor(cloud: Cloud) {
    this.cloud = cloud;
    this.ids = shapes[cloud];
  }

  private base(id: string, type: string, region: string = this.ids.region) {
    return {
      provider: this.cloud,
      scope: this.ids.scope,
      region,
      id,
      type,
      evidence: [ref(`${this.cloud}/${type}.json`)],
    };
  }

  scope(patch: Partial<Scope> = {}): this {
    this.inv.scopes.push({
      provider: this.cloud,
      id: this.ids.scope,
      status: 'assessed',
      regions: [{ name: this.ids.region, enabled: true, collected: true }],
      identityEvaluated: true,
      evidence: [ref(`${this.cloud}/scope.json`)],
      ...patch,
    });
    return this;
  }

  /** A network (GCP networks are global), its subnet, and a route table sending the internet out. */
  network(routes: RouteTable['routes'] = [{ destination: '0.0.0.0/0', target: 'internet-gateway' }]): this {
    const networkRegion = this.cloud === 'gcp' ? 'global' : this.ids.region;
    const network: Network = {
      ...this.base(this.ids.network, 'network', networkRegion),
      isDefault: false,
      cidrs: ['10.0.0.0/16'],
    };
    const subnet: Subnet = {
      ...this.base(this.ids.subnet, 'subnet'),
      networkId: this.ids.network,
      cidrs: ['10.0.1.0/24'],
    };
    this.inv.networks.push(network);
    this.inv.subnets.push(subnet);
    this.inv.routeTables.push({
      ...this.base(`${this.ids.network}/routes`, 'routes'),
      networkId: this.ids.network,
      main: true,
      subnetIds: [this.ids.subnet],
      routes: [{ destination: '10.0.0.0/16', target: 'local' }, ...routes],
    });
    return this;
  }

  instance(patch: Partial<Workload> = {}, firewallIds: string[] = [this.ids.firewall]): this {
    this.inv.workloads.push({
      ...this.base(this.ids.instance, 'instance'),
      name: 'web-1',
      state: 'running',
      tags: { owner: 'shop' },
      networkId: this.ids.network,
      subnetId: this.ids.subnet,
      attachments: [
        {
          id: this.ids.nic,
          networkId: this.ids.network,
          subnetId: this.ids.subnet,
          privateIps: ['10.0.1.5'],
          publicIps: [],
          firewallIds,
        },
      ],
      cpuResolutionMinutes: 5,
      ...patch,
    });
    return this;
  }

  firewall(level: Firewall['level'], egress: EgressRule[], patch: Partial<Firewall> = {}): this {
    const id =
      level === 'interface'
        ? this.ids.firewall
        : level === 'subnet'
          ? this.ids.subnetList
          : `${this.ids.firewall}/${patch.tier ?? 9}`;
    this.inv.firewalls.push({
      ...this.base(id, 'firewall', level === 'network' ? 'global' : this.ids.region),
      level,
      ordered: level !== 'interface' || this.cloud === 'azure',
      subnetIds: level === 'subnet' ? [this.ids.subnet] : [],
      ...(level === 'network' ? { networkId: this.ids.network } : {}),
      egress,
      ...patch,
    });
    return this;
  }

  trail(patch: Partial<AuditTrail> = {}, destinations: LogDestination[] = [destination(400)]): this {
    this.inv.auditTrails.push({
      ...this.base(this.ids.trail, 'trail'),
      ownerScope: this.ids.scope,
      homeRegion: this.ids.region,
      coversAllRegions: true,
      coveredRegions: [this.ids.region],
      organizationWide: false,
      logging: true,
      managementWrites: true,
      destinations,
      ...patch,
    });
    return this;
  }

  flowLog(patch: Partial<FlowLog> = {}, destinations: LogDestination[] = [destination(400)]): this {
    this.inv.flowLogs.push({
      ...this.base(`${this.ids.network}/flowlog`, 'flowlog'),
      target: { kind: 'network', id: this.ids.network },
      traffic: 'all',
      fields: [],
      recordsDestination: true,
      active: true,
      destinations,
      ...patch,
    });
    return this;
  }

  dnsLog(): this {
    this.inv.dnsQueryLogs.push({
      ...this.base(`${this.ids.network}/dns`, 'dns', this.cloud === 'gcp' ? 'global' : this.ids.region),
      networkIds: [this.ids.network],
      destinations: [destination(90)],
    });
    return this;
  }

  alarm(patch: Partial<MetricAlarm> = {}): this {
    this.inv.alarms.push({
      ...this.base(`${this.ids.instance}/cpu-alarm`, 'alarm'),
      metric: 'cpu',
      watches: { instanceIds: [this.ids.instance], groupNames: [], allInstances: false },
      anomalyDetection: false,
      notifies: true,
      ...patch,
    });
    return this;
  }

  detector(enabled: boolean, region: string = this.ids.region): this {
    this.inv.threatDetectors.push({
      ...this.base(`${this.ids.scope}/detector`, 'detector', region),
      enabled,
      features: [],
    });
    return this;
  }

  costMonitor(alerting: boolean): this {
    this.inv.costMonitors.push({
      ...this.base(`${this.ids.scope}/monitor`, 'monitor', 'global'),
      coverage: 'account',
      coveredScopes: [this.ids.scope],
      alerting,
    });
    return this;
  }

  gap(domain: Domain, region: string = this.ids.region, kind: CollectionGap['kind'] = 'denied'): this {
    this.inv.gaps.push({
      provider: this.cloud,
      scope: this.ids.scope,
      region,
      domain,
      kind,
      reason: `${domain} could not be read: access was denied (Forbidden: test)`,
      evidence: [ref(`${this.cloud}/${domain}.error.json`)],
    });
    return this;
  }

  build(): Inventory {
    return this.inv;
  }
}

export function destination(days: number | null): LogDestination {
  return { kind: 'object-storage', id: `store-${days}`, retentionDays: days, evidence: [ref('store.json')] };
}

/** An outbound rule; an ordered list's rule gets a priority. */
export function rule(
  action: EgressRule['action'],
  destination: string,
  ports: EgressRule['ports'] = 'all',
  extra: Partial<EgressRule> = {},
): EgressRule {
  return { action, protocol: 'all', ports, destination: { kind: 'cidr', value: destination }, ...extra };
}

export function estate(cloud: Cloud): EstateBuilder {
  return new EstateBuilder(cloud).scope();
}
