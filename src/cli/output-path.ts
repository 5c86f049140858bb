import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { OutputError } from '../errors.js';

function inside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** mkdir -p one level at a time: Node's recursive mkdir loops forever under /proc. */
function makeFolders(path: string): void {
  const parts = resolve(path).split(sep);
  for (let i = 2; i <= parts.length; i++) {
    const at = parts.slice(0, i).join(sep) || sep;
    try {
      statSync(at);
    } catch {
      mkdirSync(at);
    }
  }
}

/**
 * Checks `--out` before any work is done, and creates it: not empty, not a file, not inside an input (a report
 * written into an evidence bundle would change the bundle), and writable.
 */
export function prepareOutFolder(out: string, inputs: (string | undefined)[] = []): void {
  if (out.trim() === '') throw new OutputError('--out is empty; name a folder to write the reports into');
  for (const input of inputs) {
    if (!input) continue;
    let dir = false;
    try {
      dir = statSync(input).isDirectory();
    } catch {
      continue;
    }
    if (dir && inside(out, input))
      throw new OutputError(`--out ${out} is inside the input ${input}; write reports somewhere else`);
  }
  try {
    if (!statSync(out).isDirectory()) throw new OutputError(`--out ${out} exists and is not a folder`);
  } catch (err) {
    if (err instanceof OutputError) throw err;
    try {
      makeFolders(out);
    } catch (mk) {
      throw new OutputError(
        `--out ${out} cannot be created (${(mk as NodeJS.ErrnoException).code ?? (mk as Error).message})`,
      );
    }
  }
  try {
    accessSync(out, constants.W_OK);
  } catch (acc) {
    throw new OutputError(`--out ${out} is not writable (${(acc as NodeJS.ErrnoException).code})`);
  }
}
