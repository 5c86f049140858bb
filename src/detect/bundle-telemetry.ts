import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapters } from '../../providers/index.js';
import {
  BUNDLE_TELEMETRY_DIR,
  MANIFEST_FILE,
  type Manifest,
  type ManifestFile,
  manifestSchema,
} from '../evidence/manifest.js';
import type { Detection } from '../model/detection.js';
import type { EvidenceRef } from '../model/evidence.js';
import type { Provider } from '../model/provider.js';
import type { DetectResult } from './run.js';

/** The live-leg files a bundle's manifest lists, by their path under `telemetry/`. */
export function liveEntries(bundle: string): Map<string, ManifestFile> {
  const entries = new Map<string, ManifestFile>();
  // An unreadable or damaged manifest is reported by the bundle's own checks; here it just lists nothing.
  let parsed: ReturnType<typeof manifestSchema.safeParse>;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(readFileSync(join(bundle, MANIFEST_FILE), 'utf8')));
  } catch {
    return entries;
  }
  if (!parsed.success) return entries;
  const prefix = `${BUNDLE_TELEMETRY_DIR}/`;
  for (const f of parsed.data.files)
    if (f.path.startsWith(prefix)) entries.set(f.path.slice(prefix.length), f);
  return entries;
}

/**
 * The live window, per scope whose audit events were pulled without error: those audit logs were read for the whole
 * window, so a pull that found no launch says "none", not "unread".
 */
export function liveAuditWindows(
  bundle: string,
): { provider: Provider; scope: string; first: number; last: number }[] {
  let manifest: Manifest;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(join(bundle, MANIFEST_FILE), 'utf8')));
    if (!parsed.success || !parsed.data.live) return [];
    manifest = parsed.data;
  } catch {
    return [];
  }
  const live = manifest.live as NonNullable<Manifest['live']>;
  const first = Date.parse(live.since);
  const last = Date.parse(live.until);
  const seen = new Map<string, { provider: Provider; scope: string; first: number; last: number }>();
  for (const f of manifest.files) {
    const [top, cloud, scope] = f.path.split('/');
    if (top !== BUNDLE_TELEMETRY_DIR || f.outcome !== 'ok' || !scope) continue;
    const adapter = adapters().find((a) => a.provider === cloud);
    if (!adapter?.liveAudit?.(f)) continue;
    seen.set(`${adapter.provider}|${scope}`, { provider: adapter.provider, scope, first, last });
  }
  return [...seen.values()];
}

/** A telemetry citation as the bundle knows it: its bundle path, the manifest's hash, API and time. */
function cite(ref: EvidenceRef, entries: Map<string, ManifestFile>): EvidenceRef {
  const entry = entries.get(ref.file);
  if (!entry) return ref;
  return {
    ...ref,
    file: `${BUNDLE_TELEMETRY_DIR}/${ref.file}`,
    sha256: entry.sha256,
    api: `${entry.service}:${entry.operation}`,
    collectedAt: entry.collectedAt,
  };
}

/**
 * Detection over a bundle's own `telemetry/` folder: evidence cites bundle paths with the manifest's hashes, and
 * answers that hold no records (an empty page) are not reported as unrecognized files. Pulls that failed are read
 * by each cloud's live-error reader: the leg they feed is blind there, named.
 */
export function fromBundleTelemetry(result: DetectResult, bundle: string): DetectResult {
  const entries = liveEntries(bundle);
  const detections: Detection[] = result.detections.map((d) => ({
    ...d,
    evidence: d.evidence.map((e) => cite(e, entries)),
  }));
  return {
    ...result,
    detections,
    inputs: { ...result.inputs, unrecognized: result.inputs.unrecognized.filter((f) => !entries.has(f)) },
  };
}
