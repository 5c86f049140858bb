import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from './manifest.js';

/**
 * Records the live window in a finished bundle's manifest when its collector did not (the manifest lists files,
 * not itself, so rewriting it changes no file hash).
 */
export function stampLiveWindow(bundle: string, window: { since: Date; until: Date }): void {
  const path = join(bundle, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return;
  }
  if (manifest.live) return;
  manifest.live = { since: window.since.toISOString(), until: window.until.toISOString() };
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
