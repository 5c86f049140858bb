import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_TELEMETRY_DIR, MANIFEST_FILE, type Manifest } from './manifest.js';

/**
 * Records the live window in a finished bundle's manifest when its collector pulled live-leg files but did not
 * record the window (the manifest lists files, not itself, so rewriting it changes no file hash).
 */
export function stampLiveWindow(bundle: string, window: { since: Date; until: Date }): void {
  const path = join(bundle, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return;
  }
  // A window is recorded only for a bundle that holds live-leg files: a collector that pulled nothing claims none.
  if (manifest.live || !manifest.files?.some((f) => f.path.startsWith(`${BUNDLE_TELEMETRY_DIR}/`))) return;
  manifest.live = { since: window.since.toISOString(), until: window.until.toISOString() };
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
