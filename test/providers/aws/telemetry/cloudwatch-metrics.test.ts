import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getMetricDataReader } from '../../../../providers/aws/telemetry/cloudwatch-metrics.js';
import { ReaderContext } from '../../../../src/detect/reader.js';
import { digestFile } from '../../../../src/detect/run.js';
import { compileIntel } from '../../../../src/intel/compile.js';
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

describe('get-metric-data output read result by result', () => {
  it('gives exactly what reading the parsed response gives, shared timestamps included', async () => {
    const stamps = Array.from({ length: 120 }, (_, m) =>
      new Date(Date.parse('2026-11-20T10:00:00Z') - m * 60_000).toISOString().replace('.000Z', '+00:00'),
    );
    const results = Array.from({ length: 60 }, (_, i) => ({
      Id: `cpu_${i}`,
      Label: i % 7 === 3 ? 'NetworkIn' : `i-0abc00000000000${String(i).padStart(2, '0')} CPUUtilization`,
      // Some results have their own timestamps, or one value fewer, or a value that is not a number.
      Timestamps: i % 5 === 1 ? stamps.map((t) => t.replace('+00:00', 'Z')) : stamps,
      Values: stamps
        .map((_, m) => (i % 11 === 4 && m === 3 ? 'x' : (i * 7 + m) % 100))
        .slice(i % 13 === 5 ? 1 : 0),
      StatusCode: 'Complete',
    }));
    const text = JSON.stringify({ MetricDataResults: results, Messages: [] }, null, 2);
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-gmd-'));
    writeFileSync(join(dir, 'get-metric-data.json'), text);
    writeFileSync(join(dir, 'get-metric-data.json.gz'), gzipSync(text));
    for (const file of [join(dir, 'get-metric-data.json'), join(dir, 'get-metric-data.json.gz')]) {
      const ctx = new ReaderContext(
        file,
        'cloudwatch-get-metric-data',
        compileIntel(policy).matcher,
        new Map(),
      );
      getMetricDataReader.readValue(JSON.parse(text), { pointer: '' }, ctx);
      const { sha256: _, ...want } = ctx.finish();
      const { sha256: __, ...got } = (await digestFile(file, policy)) as NonNullable<
        Awaited<ReturnType<typeof digestFile>>
      >;
      expect(got).toEqual(want);
      expect(got.cpu.length).toBeGreaterThan(40);
      expect(got.problemCount).toBeGreaterThan(0);
    }
  });
});
