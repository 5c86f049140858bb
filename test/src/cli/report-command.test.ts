import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { twoAccountEstate } from '../../helpers/findings-fixtures.js';

const run = runCli;
const tmp = () => mkdtempSync(join(tmpdir(), 'rigsight-report-cli-'));

describe('rigsight report --in findings.json', () => {
  const saved = process.env.RIGSIGHT_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.RIGSIGHT_CHROMIUM;
    else process.env.RIGSIGHT_CHROMIUM = saved;
  });

  it('re-renders every format from findings.json alone', async () => {
    const dir = tmp();
    const input = join(dir, 'in.json');
    writeFileSync(input, JSON.stringify(twoAccountEstate()));
    const out = join(dir, 'out');
    const r = await run('report', '--in', input, '--out', out, '--format', 'html,json,csv,ocsf,md');
    expect(r.code).toBe(0);
    for (const name of ['report.html', 'findings.json', 'findings.csv', 'findings.ocsf.json', 'summary.md'])
      expect(existsSync(join(out, name))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'))).toEqual(twoAccountEstate());
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^# rigsight: grade F \(\d+\/100\)/);
  });

  it('re-renders a findings.json of schema 1.x (creators without a path), telling the paths from via and escalation', async () => {
    const dir = tmp();
    const old = structuredClone(twoAccountEstate()) as unknown as Record<string, unknown> & {
      creators: Record<string, unknown>[];
    };
    old.schemaVersion = '1.0.0';
    for (const c of old.creators) {
      delete c.path;
      for (const k of (c.conditions as Record<string, unknown>[] | undefined) ?? []) delete k.effect;
    }
    const input = join(dir, 'old.json');
    writeFileSync(input, JSON.stringify(old));
    const r = await run('report', '--in', input, '--out', join(dir, 'out'), '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'findings.json'), 'utf8'));
    for (const c of doc.creators)
      expect(c.path).toBe(c.via.length ? 'chain' : c.escalation?.length ? 'escalation' : 'direct');
  });

  it('says why there is no PDF when no browser is present, and still writes the rest', async () => {
    process.env.RIGSIGHT_CHROMIUM = '/nonexistent/chromium';
    const dir = tmp();
    const input = join(dir, 'in.json');
    writeFileSync(input, JSON.stringify(twoAccountEstate()));
    const r = await run('report', '--in', input, '--out', join(dir, 'out'), '--pdf');
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'scorecard.pdf not written: no Chromium found ($RIGSIGHT_CHROMIUM=/nonexistent/chromium does not exist)',
    );
    expect(existsSync(join(dir, 'out', 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'scorecard.pdf'))).toBe(false);
  });

  it('rejects an unknown format with the list of known ones', async () => {
    const r = await run('report', '--in', 'x.json', '--out', tmp(), '--format', 'html,pdf');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown format pdf; expected a comma list of html, json, csv, ocsf, md');
  });
});
