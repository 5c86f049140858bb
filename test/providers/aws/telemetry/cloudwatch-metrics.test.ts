import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const sample =
  'test/fixtures/telemetry/native/aws/cloudwatch/i-0abc1234def567890/cloudwatch_get_metric_statistics_cpuutilization_output.json';
const policy = loadPolicy();
const tmp = () => mkdtempSync(join(tmpdir(), 'rigsight-cw-'));

describe('CloudWatch CPU readers', () => {
  it('reads get-metric-statistics output for the instance its folder is named after', async () => {
    const d = await digestFile(sample, policy);
    expect(d).toMatchObject({ format: 'cloudwatch-get-metric-statistics', records: 21, problemCount: 0 });
    expect(d?.cpu).toEqual([expect.objectContaining({ instanceId: 'i-0abc1234def567890' })]);
    expect(d?.cpu[0]?.values).toHaveLength(21);
    expect(Math.max(...(d?.cpu[0]?.values ?? []))).toBeCloseTo(99.67);
  });

  it('says how to name the file when the output does not tell which instance it is', async () => {
    const file = join(tmp(), 'cpu.json');
    copyFileSync(sample, file);
    const d = await digestFile(file, policy);
    expect(d?.cpu).toEqual([]);
    expect(d?.problems[0]?.reason).toMatch(/name the file or its folder after the instance id/);
  });

  it('reads get-metric-data output, taking the instance from the label', async () => {
    const file = join(tmp(), 'out.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          MetricDataResults: [
            {
              Id: 'cpu_i_0abc1234def567890',
              Label: 'i-0abc1234def567890 CPUUtilization',
              Timestamps: [
                '2026-11-20T08:10:00+00:00',
                '2026-11-20T08:05:00+00:00',
                '2026-11-20T08:00:00+00:00',
              ],
              Values: [97.5, 96.1, 3.2],
              StatusCode: 'Complete',
            },
          ],
          Messages: [],
        },
        null,
        4,
      ),
    );
    const d = await digestFile(file, policy);
    expect(d).toMatchObject({ format: 'cloudwatch-get-metric-data', records: 3, problemCount: 0 });
    expect(d?.cpu[0]).toMatchObject({
      instanceId: 'i-0abc1234def567890',
      values: Float64Array.from([97.5, 96.1, 3.2]),
      pointer: '/MetricDataResults/0/Values/0',
    });
  });

  it('reads Metric Streams JSON lines, averaging sum over count, and ignores other metrics', async () => {
    const file = join(tmp(), 'stream-1');
    const rec = (metric: string, t: number, sum: number) =>
      JSON.stringify({
        metric_stream_name: 's',
        account_id: '111122223333',
        region: 'us-east-1',
        namespace: 'AWS/EC2',
        metric_name: metric,
        dimensions: { InstanceId: 'i-0abc1234def567890' },
        timestamp: t,
        value: { max: 99, min: 90, sum, count: 3 },
        unit: 'Percent',
      });
    writeFileSync(
      file,
      [
        rec('CPUUtilization', 1763625600000, 285),
        rec('NetworkOut', 1763625600000, 1e6),
        rec('CPUUtilization', 1763625660000, 282),
      ].join('\n'),
    );
    const d = await digestFile(file, policy);
    expect(d).toMatchObject({ format: 'cloudwatch-metric-streams', records: 3, problemCount: 0 });
    expect(d?.cpu[0]).toMatchObject({
      instanceId: 'i-0abc1234def567890',
      scope: '111122223333',
      values: Float64Array.from([95, 94]),
    });
  });
});
