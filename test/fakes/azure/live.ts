import type { Answer, ArmEstate } from './server.js';

/**
 * The live detection legs of the fake: the Activity Log (`eventtypes/management/values`, `$filter` on the time
 * window and resource provider, `$select` honored), subscription-scope metrics (`region`, `timespan`, `interval`,
 * `metricnames`, `$filter=Microsoft.ResourceId eq '*'`, `top`) and Defender for Cloud alerts, in ARM's wire shapes.
 */

type Json = Record<string, unknown>;

/** When the planted miner was launched, and the window tests ask for. */
export const liveTimes = {
  since: new Date('2026-11-30T12:00:00Z'),
  until: new Date('2026-12-07T12:00:00Z'),
  minerLaunch: new Date('2026-12-06T02:00:00Z'),
};

export const miner = {
  principal: 'mallory@fabrikam.example',
  objectId: '99999999-aaaa-4bbb-8ccc-000000000666',
  size: 'Standard_NC24ads_A100_v4',
  location: 'eastus',
};

const localized = (value: string) => ({ value, localizedValue: value });

/** One Activity Log event as the REST API returns it (EventData). */
export function activityEvent(o: {
  subscription: string;
  resourceId: string;
  operation: string;
  time: Date;
  status?: string;
  statusCode?: string;
  caller?: string;
  objectId?: string;
  responseBody?: unknown;
  correlationId: string;
}): Json {
  const provider = /\/providers\/([^/]+)\//i.exec(o.resourceId)?.[1] ?? 'Microsoft.Resources';
  const caller = o.caller ?? 'ops@contoso.example';
  return {
    authorization: { action: o.operation, scope: o.resourceId },
    caller,
    channels: 'Operation',
    claims: {
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': caller,
      'http://schemas.microsoft.com/identity/claims/objectidentifier':
        o.objectId ?? '12121212-3434-4565-8787-000000000001',
      ipaddr: '203.0.113.50',
    },
    correlationId: o.correlationId,
    eventDataId: `${o.correlationId}-e`,
    eventName: localized('EndRequest'),
    category: localized('Administrative'),
    eventTimestamp: o.time.toISOString(),
    id: `${o.resourceId}/events/${o.correlationId}-e/ticks/1`,
    level: 'Informational',
    operationId: `${o.correlationId}-op`,
    operationName: localized(o.operation),
    resourceGroupName: /resourceGroups\/([^/]+)/i.exec(o.resourceId)?.[1] ?? '',
    resourceProviderName: localized(provider),
    resourceId: o.resourceId,
    status: localized(o.status ?? 'Succeeded'),
    subStatus: localized(''),
    submissionTimestamp: new Date(o.time.getTime() + 20_000).toISOString(),
    subscriptionId: o.subscription,
    properties: {
      statusCode: o.statusCode ?? 'OK',
      serviceRequestId: `${o.correlationId}-r`,
      responseBody: o.responseBody === undefined ? '' : JSON.stringify(o.responseBody),
    },
  };
}

const between = (filter: string, field: string, op: 'ge' | 'le') =>
  new RegExp(`${field} ${op} '([^']+)'`, 'i').exec(filter)?.[1];

/** Serves a subscription's Activity Log, filtered as the API filters it. */
export function serveActivityLog(estate: ArmEstate, subscription: string, events: Json[]): void {
  estate.query(
    `/subscriptions/${subscription}/providers/Microsoft.Insights/eventtypes/management/values`,
    (params): Answer => {
      const filter = params.get('$filter') ?? '';
      const from = Date.parse(between(filter, 'eventTimestamp', 'ge') ?? '');
      const to = Date.parse(between(filter, 'eventTimestamp', 'le') ?? '');
      if (!Number.isFinite(from))
        return {
          status: 400,
          code: 'BadRequest',
          message: 'The $filter must name the start of the time range (eventTimestamp ge).',
        };
      const provider = /resourceProvider eq '([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
      const select = params
        .get('$select')
        ?.split(',')
        .map((s) => s.trim());
      const picked = events
        .filter((e) => {
          const t = Date.parse(String(e.eventTimestamp));
          if (t < from || (Number.isFinite(to) && t > to)) return false;
          const p = String((e.resourceProviderName as Json | undefined)?.value ?? '').toLowerCase();
          return !provider || p === provider;
        })
        .map((e) => (select ? Object.fromEntries(Object.entries(e).filter(([k]) => select.includes(k))) : e));
      return { list: picked };
    },
  );
}

/** A VM's Percentage CPU at a time, or undefined before it existed. */
export type CpuShape = (time: number) => number | undefined;

const FIVE_MINUTES = 5 * 60_000;

/** Serves subscription-scope `Percentage CPU` for the VMs given, per region, one series per VM. */
export function serveMetrics(
  estate: ArmEstate,
  subscription: string,
  vms: { id: string; location: string; cpu: CpuShape }[],
): void {
  estate.query(`/subscriptions/${subscription}/providers/Microsoft.Insights/metrics`, (params): Answer => {
    const region = (params.get('region') ?? '').toLowerCase();
    const names = params.get('metricnames') ?? '';
    if (!region)
      return { status: 400, code: 'BadRequest', message: 'region is required for subscription scope' };
    if (names.toLowerCase() !== 'percentage cpu')
      return { status: 400, code: 'BadRequest', message: `Failed to find metric configuration for ${names}` };
    if ((params.get('interval') ?? 'PT1M') !== 'PT5M')
      return { status: 400, code: 'BadRequest', message: 'the fake serves PT5M only' };
    const [from, to] = (params.get('timespan') ?? '').split('/').map((t) => Date.parse(t));
    if (!Number.isFinite(from) || !Number.isFinite(to))
      return { status: 400, code: 'BadRequest', message: 'timespan must be start/end' };
    const split = /Microsoft\.ResourceId eq '\*'/i.test(params.get('$filter') ?? '');
    const top = Number(params.get('top') ?? 10);
    const here = vms.filter((v) => v.location === region);
    const start = Math.ceil((from as number) / FIVE_MINUTES) * FIVE_MINUTES;
    const seriesOf = (vm: { id: string; cpu: CpuShape }) => {
      const data: Json[] = [];
      for (let t = start; t < (to as number); t += FIVE_MINUTES) {
        const v = vm.cpu(t);
        data.push(
          v === undefined
            ? { timeStamp: new Date(t).toISOString() }
            : { timeStamp: new Date(t).toISOString(), average: v },
        );
      }
      return {
        metadatavalues: [{ name: localized('Microsoft.ResourceId'), value: vm.id }],
        data,
      };
    };
    const timeseries = split ? here.slice(0, top).map(seriesOf) : [];
    return {
      body: {
        cost: 0,
        timespan: params.get('timespan'),
        interval: 'PT5M',
        value: [
          {
            id: `subscriptions/${subscription}/providers/Microsoft.Insights/metrics/Percentage CPU`,
            type: 'Microsoft.Insights/metrics',
            name: localized('Percentage CPU'),
            displayDescription:
              'The percentage of allocated compute units that are currently in use by the Virtual Machine(s)',
            unit: 'Percent',
            timeseries,
            errorCode: 'Success',
          },
        ],
        namespace: 'microsoft.compute/virtualmachines',
        resourceregion: region,
      },
    };
  });
}

/** A Defender for Cloud alert in ARM's wire shape. */
export function defenderAlert(o: {
  subscription: string;
  vmId: string;
  name: string;
  alertType: string;
  displayName: string;
  time: Date;
}): Json {
  return {
    id: `/subscriptions/${o.subscription}/resourceGroups/rg-app/providers/Microsoft.Security/locations/eastus/alerts/${o.name}`,
    name: o.name,
    type: 'Microsoft.Security/Locations/alerts',
    properties: {
      status: 'Active',
      timeGeneratedUtc: o.time.toISOString(),
      processingEndTimeUtc: o.time.toISOString(),
      vendorName: 'Microsoft',
      alertDisplayName: o.displayName,
      alertType: o.alertType,
      productName: 'Microsoft Defender for Cloud',
      productComponentName: 'Servers',
      severity: 'High',
      intent: 'Execution',
      startTimeUtc: o.time.toISOString(),
      endTimeUtc: o.time.toISOString(),
      isIncident: false,
      compromisedEntity: o.vmId.split('/').pop(),
      resourceIdentifiers: [{ type: 'AzureResource', azureResourceId: o.vmId }],
      description: o.displayName,
      systemAlertId: o.name,
    },
  };
}

/** CPU that stays near `level` (a small, deterministic wobble). */
export function steady(level: number, from = Number.NEGATIVE_INFINITY): CpuShape {
  return (t) => (t < from ? undefined : level + ((t / FIVE_MINUTES) % 3) * 0.5);
}

/**
 * Plants the live scenario: in the first subscription a VM launched in the window by an unapproved user in a
 * region used nowhere else, its CPU flat near 98% from launch, a Defender crypto-mining alert on it and a flow
 * log deleted; every other VM quiet near 10%. Each subscription gets its Activity Log, metrics and alerts.
 */
export function plantLive(estate: ArmEstate, subscriptions: string[]): { minerId: string } {
  const [first] = subscriptions;
  if (!first) throw new Error('plantLive needs a subscription');
  const minerRg = `/subscriptions/${first}/resourceGroups/rg-app`;
  const minerId = `${minerRg}/providers/Microsoft.Compute/virtualMachines/vm-gpu-tmp`;
  const nicId = `/subscriptions/${first}/resourceGroups/rg-net/providers/Microsoft.Network/networkInterfaces/vm-gpu-tmp-nic`;
  const launch = liveTimes.minerLaunch.getTime();
  const body = {
    id: minerId,
    name: 'vm-gpu-tmp',
    type: 'Microsoft.Compute/virtualMachines',
    location: miner.location,
    tags: {},
    properties: {
      vmId: '66660000-0000-4000-8000-0000000006a6',
      hardwareProfile: { vmSize: miner.size },
      storageProfile: {
        imageReference: {
          publisher: 'Canonical',
          offer: 'ubuntu-24_04-lts',
          sku: 'server',
          version: 'latest',
        },
        osDisk: { osType: 'Linux', name: 'vm-gpu-tmp-osdisk', createOption: 'FromImage' },
        dataDisks: [],
      },
      networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
      provisioningState: 'Succeeded',
      timeCreated: liveTimes.minerLaunch.toISOString(),
    },
  };
  for (const s of subscriptions) {
    const vmPath = `/subscriptions/${s}/providers/Microsoft.Compute/virtualMachines`;
    const vms = estate.items(vmPath) as Json[];
    if (s === first) vms.push(body);
    const events: Json[] = [
      activityEvent({
        subscription: s,
        resourceId: `/subscriptions/${s}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app`,
        operation: 'Microsoft.Network/networkSecurityGroups/write',
        time: new Date('2026-12-02T09:00:00Z'),
        correlationId: `${s.slice(-4)}-nsg`,
      }),
      // Before the window: the fake's filter must leave it out.
      activityEvent({
        subscription: s,
        resourceId: String((vms[0] as Json).id),
        operation: 'Microsoft.Compute/virtualMachines/write',
        time: new Date('2026-11-01T09:00:00Z'),
        statusCode: 'Created',
        correlationId: `${s.slice(-4)}-old`,
      }),
    ];
    if (s === first)
      events.push(
        activityEvent({
          subscription: s,
          resourceId: minerId,
          operation: 'Microsoft.Compute/virtualMachines/write',
          time: liveTimes.minerLaunch,
          status: 'Started',
          statusCode: 'Created',
          caller: miner.principal,
          objectId: miner.objectId,
          correlationId: 'c0ffee00-0000-4000-8000-000000000001',
        }),
        activityEvent({
          subscription: s,
          resourceId: minerId,
          operation: 'Microsoft.Compute/virtualMachines/write',
          time: new Date(launch + 90_000),
          statusCode: 'Created',
          caller: miner.principal,
          objectId: miner.objectId,
          responseBody: body,
          correlationId: 'c0ffee00-0000-4000-8000-000000000001',
        }),
        activityEvent({
          subscription: s,
          resourceId: `/subscriptions/${s}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/flowLogs/fl-vnet-app`,
          operation: 'Microsoft.Network/networkWatchers/flowLogs/delete',
          time: new Date(launch - 10 * 60_000),
          caller: miner.principal,
          objectId: miner.objectId,
          correlationId: 'c0ffee00-0000-4000-8000-000000000002',
        }),
      );
    serveActivityLog(estate, s, events);
    serveMetrics(
      estate,
      s,
      vms.map((vm) => ({
        id: String(vm.id),
        location: String(vm.location),
        cpu: vm.id === minerId ? steady(97.5, launch) : steady(9),
      })),
    );
    const alerts = estate.items(`/subscriptions/${s}/providers/Microsoft.Security/alerts`);
    if (s === first)
      alerts.push(
        defenderAlert({
          subscription: s,
          vmId: minerId,
          name: '2517186200000000000_mining',
          alertType: 'VM_DigitalCurrencyMining',
          displayName: 'Digital currency mining related behavior detected',
          time: new Date(launch + 3 * 3_600_000),
        }),
        defenderAlert({
          subscription: s,
          vmId: minerId,
          name: '2517186200000000000_old',
          alertType: 'VM_CoinMinerDownload',
          displayName: 'Possible crypto coin miner download detected',
          time: new Date('2026-10-01T00:00:00Z'),
        }),
        defenderAlert({
          subscription: s,
          vmId: String((vms[0] as Json).id),
          name: '2517186200000000000_ssh',
          alertType: 'VM_SshBruteForce',
          displayName: 'Failed SSH brute force attack',
          time: new Date(launch),
        }),
      );
  }
  return { minerId };
}
