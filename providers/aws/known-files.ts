import { allCalls } from './collect/catalog.js';

/** Every `<service>/<Operation>` an AWS bundle may hold that rigsight reads: what the collector declares. */
export const knownOperations: readonly string[] = allCalls.map((d) => `${d.service}/${d.operation}`);

/** `aws/<account>/<region>/<service>/<Operation>[/<key>][.error].json` of a known operation. */
export function isKnownAwsFile(path: string): boolean {
  const m = /^aws\/[^/]+\/[^/]+\/([^/]+)\/([^/.]+)(?:\/[^/]+)?(?:\.error)?\.json$/.exec(path);
  return !!m && knownOperations.includes(`${m[1]}/${m[2]}`);
}
