import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdapter } from '../../providers/index.js';
import { packageRoot } from '../../src/package-info.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { toyAdapter } from './toy-adapter.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the provider seam', () => {
  it('is the only way from src/ into providers/: no src file imports a cloud folder', () => {
    const offenders: string[] = [];
    for (const file of sources(join(packageRoot, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '((?:\.\.\/)+providers\/[^']+)'/g)) {
        const target = m[1] as string;
        if (!/providers\/(index|adapter|vocabulary)\.js$/.test(target))
          offenders.push(`${relative(packageRoot, file)} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps cloud service names out of shared control, detection and report text', () => {
    const cloudWords = /\b(CloudTrail|GuardDuty|security group|network ACL|VPC|NSG|Defender|Stackdriver)\b/;
    const offenders: string[] = [];
    for (const dir of ['src/controls', 'src/detect', 'src/risk', 'reports']) {
      for (const file of sources(join(packageRoot, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/`[^`]*`|'[^'\n]*'/g))
          if (cloudWords.test(m[0])) offenders.push(`${relative(packageRoot, file)}: ${m[0].slice(0, 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('a new cloud is one folder and one registry line', () => {
  let unregister: () => void;
  let bundle: string;
  let telemetry: string;
  beforeAll(() => {
    unregister = registerAdapter(toyAdapter);
    bundle = tempDir();
    mkdirSync(join(bundle, 'toy', 'sandbox-1'), { recursive: true });
    writeFileSync(
      join(bundle, 'toy', 'sandbox-1', 'estate.json'),
      JSON.stringify({ boxes: [{ id: 'box-1', port: 'port-1', ip: '10.0.0.5' }] }),
    );
    telemetry = tempDir();
    writeFileSync(
      join(telemetry, 'toy-events.json'),
      JSON.stringify({
        toyEvents: [
          { made: 'box-1', by: 'mallory', at: '2026-11-20T10:00:00Z' },
          { from: 'port-1', to: '107.191.47.239', port: 3333, at: '2026-11-20T10:05:00Z' },
        ],
      }),
    );
  });
  afterAll(() => unregister());

  it('assesses its bundle with every shared control, in its own words', async () => {
    const out = tempDir();
    const r = await runCli(
      'assess',
      '--evidence',
      bundle,
      '--now',
      '2026-11-21T00:00:00Z',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(doc.scopes).toMatchObject([{ provider: 'toy', id: 'sandbox-1' }]);
    const of = (control: string) => doc.findings.filter((f: { control: string }) => f.control === control);
    expect(of('audit-logging')[0]).toMatchObject({ status: 'fail' });
    expect(of('audit-logging')[0].reason).toMatch(/No ledger records zone-a in sandbox sandbox-1/);
    expect(of('ownership-tagging')[0]).toMatchObject({ status: 'fail', resource: { id: 'box-1' } });
    // No identity evaluator ran: never a pass for "nobody else can create compute".
    expect(of('creation-permissions')[0]).toMatchObject({ status: 'unassessed' });
    expect(of('creation-permissions')[0].reason).toMatch(/no identity evaluation ran for this sandbox/);
    expect(of('egress-restriction')[0].reason).toMatch(
      /Interface port-1 of box-1 has no fence and no cell fence/,
    );
  });

  it('detects over its own log format, joined to its inventory through its own endpoint keys', async () => {
    const out = tempDir();
    const r = await runCli(
      'detect',
      '--telemetry',
      telemetry,
      '--evidence',
      bundle,
      '--workers',
      '0',
      '--now',
      '2026-11-21T00:00:00Z',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(r.err).toBe('');
    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(doc.detections).toHaveLength(1);
    expect(doc.detections[0]).toMatchObject({
      provider: 'toy',
      instance: { id: 'box-1' },
      verdict: 'confirmed-mining',
      createdBy: 'mallory',
      destinations: ['107.191.47.239:3333'],
    });
  });
});
