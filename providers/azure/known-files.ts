import { declarations } from './collect/catalog.js';

const known = new Set(declarations.map((d) => d.command));
known.add('network-watcher-list');

/** `azure/<folder>/<command>[/<key>…][.error].json` of a command rigsight reads. */
export function isKnownAzureFile(path: string): boolean {
  const m = /^azure\/(?:tenant\/[^/]+|[^/]+)\/([^/.]+)(?:\/.+)?\.json$/.exec(path);
  return !!m?.[1] && known.has(m[1]);
}
