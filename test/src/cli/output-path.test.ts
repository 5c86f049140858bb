import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';

/** An assessment that would take seconds: a bad --out must stop it before any of that work. */
const assess = (out: string, evidence = 'demo/bundle') =>
  runCli('assess', '--evidence', evidence, '--format', 'json', '--out', out);

describe('--out is checked before any work, with a code and one line', () => {
  it.each([
    [
      'an existing file',
      () => {
        const f = join(tempDir(), 'report.html');
        writeFileSync(f, 'x');
        return f;
      },
      /exists and is not a folder/,
    ],
    ['an empty string', () => '', /--out is empty/],
    ['a place that cannot be created', () => '/proc/rigsight-out', /cannot be created \(ENOENT\)/],
  ])('refuses %s', async (_what, out, message) => {
    const r = await assess(out());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/\[RS_OUTPUT\]$/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a folder inside the evidence bundle (it would change the bundle)', async () => {
    const bundle = join(tempDir(), 'bundle');
    cpSync('demo/bundle', bundle, { recursive: true });
    const r = await assess(join(bundle, 'reports'), bundle);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is inside the input/);
  });
});
