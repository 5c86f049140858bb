import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';

const scenario = 'test/fixtures/telemetry/scenarios/aws/telemetry';
const flowFile = `${scenario}/flowlogs/AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/20/111122223333_vpcflowlogs_us-east-1_fl-0aa11bb22cc33dd44_20261120T1000Z_0f1e2d3c.log.gz`;
const NOW = '2026-11-21T00:00:00Z';

async function detect(telemetry: string, ...more: string[]) {
  const out = tempDir();
  const r = await runCli(
    'detect',
    '--telemetry',
    telemetry,
    '--now',
    NOW,
    '--format',
    'json,md,html',
    '--workers',
    '0',
    '--out',
    out,
    ...more,
  );
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  return { ...r, read };
}

describe('never a false all-clear', () => {
  it('a telemetry file that is no log is an input error (exit 2), not "0 detections"', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'remember to rotate the keys\n');
    const r = await detect(join(dir, 'notes.txt'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a folder or archive of native logs.*\[RS_INPUT\]/);
  });

  it('an empty folder says detection saw nothing, in the terminal and every report, and --strict exits 3', async () => {
    const empty = tempDir();
    const r = await detect(empty);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Detection saw nothing: no readable logs in/);
    expect(r.out).not.toMatch(/Detections: 0/);
    expect(r.read('summary.md')).toMatch(/Detection saw nothing/);
    expect(r.read('report.html')).toMatch(/Detection saw nothing/);
    expect(r.read('report.html')).not.toMatch(/No active mining detections/);
    expect((await detect(empty, '--strict')).code).toBe(3);
  });

  it('assess without logs says detection was not run', async () => {
    const out = tempDir();
    const r = await runCli(
      'assess',
      '--evidence',
      'demo/bundle',
      '--policy',
      'demo/policy.yaml',
      '--now',
      NOW,
      '--format',
      'html,md',
      '--out',
      out,
    );
    expect(r.out).toMatch(/Detection not run: no logs were given/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/Detection not run/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Detection not run/);
  });

  it('reads a .tar.gz of logs as a folder', async () => {
    const dir = tempDir();
    execFileSync('tar', ['-czf', join(dir, 'logs.tar.gz'), '-C', scenario, '.']);
    const r = await detect(join(dir, 'logs.tar.gz'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.read('findings.json'));
    expect(doc.detections.some((d: { verdict: string }) => d.verdict === 'confirmed-mining')).toBe(true);
  });

  it('one NUL line inside a gzip flow log is a bad record at its line; the pool traffic around it is still seen', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'flows'));
    const lines = gunzipSync(readFileSync(flowFile)).toString('utf8').split('\n');
    lines.splice(40, 0, '\u0000\u0000\u0000\u0000');
    writeFileSync(join(dir, 'flows', 'torn.log.gz'), gzipSync(lines.join('\n')));
    const r = await detect(dir);
    const doc = JSON.parse(r.read('findings.json'));
    expect(doc.inputs.unreadable).toEqual([
      expect.objectContaining({ file: 'telemetry:flows/torn.log.gz', line: 41 }),
    ]);
    expect(doc.detections[0].destinations).toContain('107.191.47.239:3333');
  });
});
