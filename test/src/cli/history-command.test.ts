import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openHistory, parseHistoryLocation, recordRun, redactUrl } from '../../../src/history/index.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { finding, twoAccountEstate } from '../../helpers/findings-fixtures.js';
import { eachBackend } from '../../helpers/history.js';

const hostile = '=HYPERLINK("http://evil")\u001b[31m<script>alert(1)</script>|`x`';

/** Three runs: day 2 adds a high finding whose resource name is hostile, day 3 fixes it. */
async function threeRuns(location: string): Promise<void> {
  const store = await openHistory(parseHistoryLocation(location), { create: true });
  const extra = finding({
    control: 'egress-restriction',
    status: 'fail',
    severity: 'high',
    scope: '444455556666',
    region: 'us-east-1',
    resource: { id: 'sg-0evil', type: 'AWS::EC2::SecurityGroup', name: hostile },
  });
  await recordRun(store, twoAccountEstate({ now: '2026-11-01T00:00:00Z' }));
  await recordRun(store, twoAccountEstate({ now: '2026-11-02T00:00:00Z', extraFindings: [extra] }));
  await recordRun(store, twoAccountEstate({ now: '2026-11-03T00:00:00Z' }));
  await store.close();
}

eachBackend((backend) => {
  let location = '';
  beforeAll(async () => {
    location = await backend.fresh();
    await threeRuns(location);
  });

  it('history list: a table, JSON, and Markdown', async () => {
    const table = await runCli('history', 'list', '--history', location);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^3 runs in .*, newest first:\nRUN\s+GENERATED\s+GRADE/);
    expect(table.out.split('\n')[2]).toMatch(/^\s*3\s+2026-11-03 00:00:00Z\s+[A-F]/);
    const json = JSON.parse((await runCli('history', 'list', '--history', location, '--format', 'json')).out);
    expect(json.map((r: { id: number }) => r.id)).toEqual([3, 2, 1]);
    const md = (await runCli('history', 'list', '--history', location, '--format', 'md', '--limit', '1')).out;
    expect(md.split('\n')).toHaveLength(3);
  });

  it('history show: a summary, or the recorded findings.json', async () => {
    const table = await runCli('history', 'show', 'latest~1', '--history', location);
    expect(table.out).toMatch(/^Run 2 in /);
    expect(table.out).toMatch(/findings\s+\d+ fail/);
    const doc = JSON.parse(
      (await runCli('history', 'show', '2', '--history', location, '--format', 'json')).out,
    );
    expect(doc.generatedAt).toBe('2026-11-02T00:00:00.000Z');
    expect(doc.findings.some((f: { resource: { id: string } }) => f.resource.id === 'sg-0evil')).toBe(true);
    const missing = await runCli('history', 'show', '42', '--history', location);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^rigsight: .* has no run 42 \(see rigsight history list\) \[RS_HISTORY\]$/);
  });

  it('history diff: the last two by default, cloud values made inert in every format', async () => {
    const table = await runCli('history', 'diff', '--history', location);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^run 2 \(2026-11-02 00:00:00Z, grade .*\) → run 3/);
    expect(table.out).toMatch(/resolved\s+high\s+444455556666\/us-east-1\s+egress-restriction sg-0evil/);
    expect(table.out).not.toContain('\u001b');
    const md = (await runCli('history', 'diff', '1', '2', '--history', location, '--format', 'md')).out;
    expect(md).toContain('| new | high |');
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    const json = JSON.parse(
      (await runCli('history', 'diff', '1', '2', '--history', location, '--format', 'json')).out,
    );
    expect(json.from.id).toBe(1);
    expect(json.changes.findings.counts.new).toBe(1);
  });

  it('history diff --fail-on new:SEVERITY gates on new and regressed findings only', async () => {
    expect(
      (await runCli('history', 'diff', '1', '2', '--history', location, '--fail-on', 'new:high')).code,
    ).toBe(1);
    expect(
      (await runCli('history', 'diff', '1', '2', '--history', location, '--fail-on', 'new:critical')).code,
    ).toBe(0);
    expect(
      (await runCli('history', 'diff', '2', '3', '--history', location, '--fail-on', 'new:info')).code,
    ).toBe(0);
  });

  it('history prune keeps the newest runs', async () => {
    const copy = await backend.fresh();
    await threeRuns(copy);
    const pruned = await runCli('history', 'prune', '--history', copy, '--keep', '1');
    expect(pruned.out).toMatch(/^Removed 2 runs from .*; 1 left\.$/);
    const old = await runCli(
      'history',
      'prune',
      '--history',
      copy,
      '--older-than',
      '30',
      '--now',
      '2027-01-01T00:00:00Z',
    );
    expect(old.out).toMatch(/^Removed 1 run from .*; 0 left\.$/);
    expect((await runCli('history', 'prune', '--history', copy)).code).toBe(2);
  });
});

describe('history errors: one line with a code, exit 2, never a password', () => {
  it('a store that fails at the end still leaves the reports, then exits 2', async () => {
    const { deliver } = await import('../../../src/cli/deliver.js');
    const { HistoryError } = await import('../../../src/history/index.js');
    const out = tempDir();
    const broken = {
      display: 'postgres://u:***@db/h',
      record: async () => {
        throw new HistoryError(
          'unreachable',
          'postgres://u:***@db/h: cannot record the run: Connection terminated',
        );
      },
    } as unknown as import('../../../src/history/store.js').HistoryStore;
    const codes: number[] = [];
    const err = await deliver(
      twoAccountEstate(),
      { out, format: ['json'], quiet: true },
      {},
      { io: { out: () => {}, err: () => {} }, exit: (c) => codes.push(c) },
      broken,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistoryError);
    expect(existsSync(join(out, 'findings.json'))).toBe(true);
    expect(codes).toEqual([]);
  });

  it('a bad --history URL', async () => {
    const r = await runCli('audit', '--demo', '--out', tempDir(), '--history', 'mysql://root:hunter2@db/x');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'rigsight: mysql://root:***@db/x: unsupported history store (expected a file path or postgres://USER@HOST/DATABASE) [RS_HISTORY]',
    );
  });

  it('an unreachable database, checked before any work', async () => {
    const out = tempDir();
    const r = await runCli(
      'audit',
      '--demo',
      '--out',
      out,
      '--history',
      'postgres://rigsight:s3cret@127.0.0.1:1/h',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^rigsight: postgres:\/\/rigsight:\*\*\*@127\.0\.0\.1:1\/h: cannot connect: PostgreSQL does not answer \(ECONNREFUSED\) \[RS_HISTORY\]$/,
    );
    expect(r.err + r.out).not.toContain('s3cret');
    expect(existsSync(join(out, 'findings.json'))).toBe(false);
  });

  it('a history file that does not exist, for reading', async () => {
    const r = await runCli('history', 'list', '--history', join(tempDir(), 'none.db'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^rigsight: no history at .*none\.db: record a run first .* \[RS_HISTORY\]$/);
  });

  it('--fail-on new:SEVERITY without --history', async () => {
    const r = await runCli('audit', '--demo', '--out', tempDir(), '--fail-on', 'new:high');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--fail-on new:high compares with the last recorded run: add --history \[store\] \[RS_HISTORY\]$/,
    );
  });

  it('redacts passwords wherever they sit in a URL', () => {
    expect(redactUrl('postgres://u:p@ss/w:rd@db.example:5432/h?sslmode=require')).toBe(
      'postgres://u:***@db.example:5432/h?sslmode=require',
    );
    expect(redactUrl('postgresql://db/h?user=u&password=secret&x=1')).toBe(
      'postgresql://db/h?user=u&password=***&x=1',
    );
    expect(redactUrl('postgres://u@db:5432/h')).toBe('postgres://u@db:5432/h');
  });

  it('--history without a store uses RIGSIGHT_HISTORY, else history.db in the data directory', () => {
    expect(parseHistoryLocation(true, { RIGSIGHT_HISTORY: 'postgres://u@db/h' })).toMatchObject({
      backend: 'postgres',
    });
    const local = parseHistoryLocation(true, {});
    expect(local.backend).toBe('sqlite');
    expect(local.display).toMatch(/rigsight[/\\]history\.db$/);
  });
});
