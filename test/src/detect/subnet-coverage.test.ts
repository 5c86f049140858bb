import { describe, expect, it } from 'vitest';
import { emptyDigest, type FileDigest } from '../../../src/detect/signals.js';
import { emptyInventory, type Inventory } from '../../../src/model/inventory.js';
import type { Workload } from '../../../src/model/workload.js';
import { at, fuseDigests } from './digest-builder.js';

const project = 'acme-ml-prod';
const network = `projects/${project}/global/networks/ml-vpc`;

function vm(name: string, subnet: string): Workload {
  return {
    provider: 'gcp',
    scope: project,
    region: 'us-central1',
    id: `projects/${project}/zones/us-central1-b/instances/${name}`,
    type: 'compute.googleapis.com/Instance',
    name,
    evidence: [],
    state: 'RUNNING',
    tags: {},
    networkId: network,
    subnetId: `projects/${project}/regions/us-central1/subnetworks/${subnet}`,
    attachments: [],
    cpuResolutionMinutes: 1,
  };
}

/** vpc_flows records from one VM of the logged subnet, and an hour of flat CPU on both VMs. */
function telemetry(): FileDigest {
  const d = { ...emptyDigest('vpc_flows.json', 'gcp-log-entries'), sha256: '0'.repeat(64) };
  d.endpoints.push({
    provider: 'gcp',
    scope: project,
    endpoint: `vm:${project}/us-central1-b/logged-1`,
    networkId: `${project}/ml-vpc`,
    subnet: `${project}/ml-vpc/us-central1/logged`,
    first: at('10:00'),
    last: at('11:00'),
    records: 40,
  });
  for (const name of ['logged-2', 'unlogged-1']) {
    const times = Array.from({ length: 60 }, (_, i) => at('10:00') + i * 60_000);
    d.cpu.push({
      provider: 'gcp',
      scope: project,
      instanceId: `projects/${project}/zones/us-central1-b/instances/${name}`,
      times: Float64Array.from(times),
      values: Float64Array.from(times.map(() => 97)),
      file: d.file,
      pointer: '#L1',
    });
  }
  return d;
}

describe('flow coverage where flow logs are switched on per subnet (GCP)', () => {
  const inventory: Inventory = {
    ...emptyInventory(),
    workloads: [vm('logged-1', 'logged'), vm('logged-2', 'logged'), vm('unlogged-1', 'unlogged')],
  };
  const out = fuseDigests([telemetry()], [], inventory);
  const network = (name: string) =>
    out.coverage.find((c) => c.leg === 'network' && c.resource.endsWith(`/${name}`));

  it('counts a quiet VM as covered when records came from its own subnet', () => {
    expect(network('logged-1')?.blind).toBe(false);
    expect(network('logged-2')?.blind).toBe(false);
  });

  it('says blind for a VM in another subnet of the same network, not "no pool traffic"', () => {
    expect(network('unlogged-1')).toMatchObject({ blind: true });
  });
});
