import { describe, expect, it } from 'vitest';
import { toIso } from '../../../../providers/aws/normalize/context.js';
import { assessFiles, p, wellRunEstate } from '../../../helpers/aws-estate.js';

describe('timestamps as CLI exports and SDK dumps print them', () => {
  it('reads ISO 8601 with Z, with an offset, and the space-separated form with +00:00', () => {
    expect(toIso('2019-12-18T19:10:08Z')).toBe('2019-12-18T19:10:08.000Z');
    expect(toIso('2019-12-18T21:10:08+02:00')).toBe('2019-12-18T19:10:08.000Z');
    expect(toIso('2019-12-18 19:10:08+00:00')).toBe('2019-12-18T19:10:08.000Z');
    expect(toIso('2019-12-18T19:10:08.123000+00:00')).toBe('2019-12-18T19:10:08.123Z');
  });

  it('reads a time without an offset as UTC, not the machine zone', () => {
    expect(toIso('2019-12-18T19:10:08')).toBe('2019-12-18T19:10:08.000Z');
    expect(toIso('2019-12-18')).toBe('2019-12-18T00:00:00.000Z');
  });

  it('reads epoch seconds and milliseconds, as numbers or numeric strings', () => {
    expect(toIso(1576696208)).toBe('2019-12-18T19:10:08.000Z');
    expect(toIso(1576696208.5)).toBe('2019-12-18T19:10:08.500Z');
    expect(toIso(1576696208000)).toBe('2019-12-18T19:10:08.000Z');
    expect(toIso('1576696208')).toBe('2019-12-18T19:10:08.000Z');
  });

  it('gives nothing for text that is not a time', () => {
    expect(toIso('yesterday')).toBeUndefined();
    expect(toIso('')).toBeUndefined();
  });
});

describe('paging', () => {
  const instances = () =>
    (wellRunEstate()[p('ec2', 'DescribeInstances')] as { Reservations: unknown[] }).Reservations;

  it('merges an SDK dump saved as an array of pages whose last page has no token', async () => {
    const files = wellRunEstate();
    files[p('ec2', 'DescribeInstances')] = [
      { Reservations: [], NextToken: 'page-2' },
      { Reservations: instances() },
    ];
    const { inventory, bundle } = await assessFiles(files);
    expect(bundle.problems).toEqual([]);
    expect(inventory.workloads).toHaveLength(1);
  });

  it('treats CLI output that still carries NextToken as an incomplete listing, not as the whole estate', async () => {
    const files = wellRunEstate();
    files[p('ec2', 'DescribeFlowLogs')] = { FlowLogs: [], NextToken: 'eyJ2IjoxfQ==' };
    const { of, bundle } = await assessFiles(files);
    expect(bundle.problems[0]).toMatchObject({
      file: p('ec2', 'DescribeFlowLogs'),
      reason: expect.stringMatching(/ends with NextToken.*incomplete/),
    });
    const [f] = of('flow-logging');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/listing is incomplete/);
  });

  it('drops Cost Explorer NextPageToken from a finished listing', async () => {
    const files = wellRunEstate();
    const monitors = files[`aws/123456789012/global/ce/GetAnomalyMonitors.json`] as Record<string, unknown>;
    files['aws/123456789012/global/ce/GetAnomalyMonitors.json'] = [
      { ...monitors, NextPageToken: 'p2' },
      { AnomalyMonitors: [] },
    ];
    const { of, bundle } = await assessFiles(files);
    expect(bundle.problems).toEqual([]);
    expect(of('cost-anomaly')[0]?.status).toBe('pass');
  });
});
