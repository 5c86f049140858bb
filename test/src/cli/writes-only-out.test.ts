import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../../reports/pdf.js';
import { packageRoot } from '../../../src/package-info.js';
import { tempDir } from '../../helpers/cli.js';

/** Every file under a folder, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('a run writes nothing outside --out', () => {
  it('audit --demo, with the PDF, leaves HOME untouched', () => {
    const home = tempDir('rigsight-home-');
    mkdirSync(join(home, 'keep'));
    const out = join(tempDir(), 'out');
    const formats = findChromium() ? ['--pdf'] : [];
    execFileSync(
      process.execPath,
      [join(packageRoot, 'bin', 'rigsight.js'), 'audit', '--demo', '--quiet', '--out', out, ...formats],
      {
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          XDG_CACHE_HOME: join(home, '.cache'),
        },
        stdio: 'pipe',
      },
    );
    expect(tree(home)).toEqual([]);
    expect(tree(out)).toEqual(
      expect.arrayContaining([
        'creators.csv',
        'detections.csv',
        'findings.csv',
        'findings.json',
        'report.html',
      ]),
    );
  });
});
