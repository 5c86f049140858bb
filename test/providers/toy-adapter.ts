import type { ProviderAdapter } from '../../providers/adapter.js';
import type { Vocabulary } from '../../providers/vocabulary.js';
import { type JsonReader, pointerOf } from '../../src/detect/reader.js';
import { emptyInventory } from '../../src/model/inventory.js';

/** A cloud that exists only here: enough of an adapter to show that assess and detect need nothing else. */
const toyWords: Vocabulary = {
  cloud: 'Toy Cloud',
  scope: { one: 'sandbox', many: 'sandboxes' },
  region: { one: 'zone', many: 'zones' },
  trail: { one: 'ledger', many: 'ledgers' },
  trailKinds: { organization: 'realm ledger', allRegions: 'ledger' },
  network: { one: 'mesh', many: 'meshes' },
  subnet: { one: 'cell', many: 'cells' },
  instance: { one: 'box', many: 'boxes' },
  group: { one: 'flock', many: 'flocks' },
  firewall: {
    interface: { one: 'fence', many: 'fences' },
    subnet: { one: 'cell fence', many: 'cell fences' },
    network: { one: 'mesh fence', many: 'mesh fences' },
  },
  threatDetector: 'Watchdog',
  detectorOff: 'asleep',
  alarm: { one: 'bell', many: 'bells' },
  principalWords: {},
  costMonitor: { one: 'piggy bank', many: 'piggy banks' },
  costAlert: 'oink',
  dnsLogging: 'name ledger',
  flowDestinationFields: 'to and port',
  organization: {
    managementScope: 'realm keeper',
    unit: { one: 'province', many: 'provinces' },
    costMonitorsAtManagement: false,
  },
  guardrail: { one: 'decree', many: 'decrees' },
  sources: { prefixListEntries: 'toy ListFences', organizationParents: 'toy ListProvinces' },
  types: {
    scope: 'Toy::Sandbox',
    region: 'Toy::Zone',
    network: 'Toy::Mesh',
    firewall: 'Toy::Fence',
    instance: 'Toy::Box',
    interface: 'Toy::Port',
    principal: {},
  },
  remediation: {},
};

interface ToyEstate {
  boxes: { id: string; owner?: string; port: string; ip: string }[];
}

/** `toy-events.json`: `{"toyEvents":[{"made":"box-1","by":"mallory","at":"…"},{"from":"port-1","to":"ip","port":3333,"at":"…"}]}`. */
const toyEvents: JsonReader = {
  format: 'toy-events',
  provider: 'toy',
  kind: 'json',
  phase: 2,
  sniff: (head) => head.includes('"toyEvents"'),
  readValue(value, loc, ctx) {
    const events = (value as { toyEvents: Record<string, string | number>[] }).toyEvents;
    events.forEach((e, i) => {
      ctx.record();
      const at = { pointer: `${loc.pointer}/toyEvents/${i}` };
      const time = Date.parse(String(e.at));
      ctx.auditTime('toy', 'sandbox-1', time);
      if (e.made)
        ctx.digest.creations.push({
          provider: 'toy',
          scope: 'sandbox-1',
          instanceId: String(e.made),
          time,
          principal: String(e.by),
          outcome: 'succeeded',
          tags: {},
          file: ctx.file,
          pointer: pointerOf(at),
        });
      if (e.from) {
        const endpoint = `nic:${e.from}`;
        ctx.endpoint('toy', endpoint, time, time, { scope: 'sandbox-1' });
        ctx.flow(
          'toy',
          endpoint,
          String(e.to),
          Number(e.port),
          time,
          time + 3_600_000,
          5000,
          50,
          true,
          pointerOf(at),
          {
            scope: 'sandbox-1',
          },
        );
      }
    });
  },
};

export const toyAdapter: ProviderAdapter = {
  provider: 'toy',
  vocabulary: toyWords,
  present: (bundle) => bundle.paths().some((p) => p.startsWith('toy/')),
  async normalize(bundle) {
    const inv = emptyInventory();
    for (const path of bundle.paths().filter((p) => /^toy\/[^/]+\/estate\.json$/.test(p))) {
      const scope = path.split('/')[1] as string;
      const read = bundle.readJson(path);
      const ref = bundle.ref(path, 'toy:DescribeEstate');
      inv.scopes.push({
        provider: 'toy',
        id: scope,
        status: 'assessed',
        regions: [{ name: 'zone-a', enabled: true, collected: true }],
        evidence: [ref],
      });
      if (!read.ok) continue;
      (read.value as ToyEstate).boxes.forEach((b, i) => {
        inv.workloads.push({
          provider: 'toy',
          scope,
          region: 'zone-a',
          id: b.id,
          type: 'Toy::Box',
          evidence: [{ ...ref, pointer: `/boxes/${i}` }],
          state: 'running',
          tags: b.owner ? { owner: b.owner } : {},
          attachments: [{ id: b.port, privateIps: [b.ip], publicIps: [], firewallIds: [] }],
          cpuResolutionMinutes: 5,
        });
      });
    }
    return inv;
  },
  telemetryReaders: [toyEvents],
  detect: {
    endpoints: (w) => w.attachments.map((a) => ({ endpoint: `nic:${a.id}` })),
    serviceLaunch: () => undefined,
  },
};
