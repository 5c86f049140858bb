import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x } from 'tar';

/**
 * Unpacks a `.tar` or `.tar.gz` of logs into a temporary folder (regular files only, no path outside it) and
 * returns the folder and how to remove it. A truncated archive keeps the files that were complete.
 */
export async function unpackTelemetry(
  file: string,
): Promise<{ dir: string; problems: string[]; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-telemetry-'));
  const problems: string[] = [];
  try {
    await x({
      file,
      cwd: dir,
      strict: false,
      preservePaths: false,
      filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
      onwarn: (_code, message) => problems.push(String(message)),
    });
  } catch (err) {
    problems.push(
      `the archive ends early or is damaged (${(err as Error).message}); complete files were read`,
    );
  }
  return { dir, problems, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
