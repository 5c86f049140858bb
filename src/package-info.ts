import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root: found by walking up, so it works from `src/` (tests) and `dist/src/`. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'policies'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('rigsight: cannot find the package root (package.json and policies/)');
    dir = parent;
  }
  return dir;
}

export const packageRoot = findRoot();
export const policiesDir = join(packageRoot, 'policies');
export const reportsDir = join(packageRoot, 'reports');
export const demoDir = join(packageRoot, 'demo');

const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
export const toolVersion = pkg.version;
