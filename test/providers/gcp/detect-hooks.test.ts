import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../providers/index.js';
import { InstanceDirectory } from '../../../src/detect/identity.js';
import { emptyInventory } from '../../../src/model/inventory.js';
import { handMade, inventoryOf } from './helpers.js';

describe('GCP workloads in telemetry', async () => {
  const inv = await inventoryOf(handMade());
  const web1 = inv.workloads.find((w) => w.name === 'web-1');

  it('are known by project/zone/name, their numeric id and their private IPs in their VPC', () => {
    expect(adapterFor('gcp').detect.endpoints(web1 as NonNullable<typeof web1>)).toEqual([
      { endpoint: 'ip:acme-prod/prod-vpc|10.10.0.1', networkId: 'acme-prod/prod-vpc' },
      {
        endpoint: 'vm:acme-prod/us-central1-a/web-1',
        networkId: 'acme-prod/prod-vpc',
        subnet: 'acme-prod/prod-vpc/us-central1/prod-us-central1',
      },
      { endpoint: '4815162342000000001' },
    ]);
  });

  it('resolve from the numeric id audit logs and metrics use to the inventory’s relative name', () => {
    const dir = new InstanceDirectory();
    dir.addInventory({ ...emptyInventory(), workloads: inv.workloads });
    expect(dir.resolve('gcp', '4815162342000000001')).toBe(
      'gcp|projects/acme-prod/zones/us-central1-a/instances/web-1',
    );
    expect(dir.resolve('gcp', 'vm:acme-prod/us-central1-a/web-1')).toBe(
      'gcp|projects/acme-prod/zones/us-central1-a/instances/web-1',
    );
  });
});
