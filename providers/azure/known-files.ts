import { declarations } from './collect/catalog.js';
import { liveDeclarations } from './collect/live-catalog.js';

const known = new Set(declarations.map((d) => d.command));
known.add('network-watcher-list');
const live = new Set(liveDeclarations.map((d) => d.command));

/**
 * `azure/<folder>/<command>[/<key>…][.error].json` of a command rigsight reads, or a live leg's file under
 * `telemetry/azure/<subscription>/` (read by detection, not by the posture normalizer).
 */
export function isKnownAzureFile(path: string): boolean {
  const m = /^azure\/(?:tenant\/[^/]+|[^/]+)\/([^/.]+)(?:\/.+)?\.json$/.exec(path);
  if (m?.[1] && known.has(m[1])) return true;
  const t = /^telemetry\/azure\/[^/]+\/([^/.]+)\/.+\.json$/.exec(path);
  return !!t?.[1] && live.has(t[1]);
}
