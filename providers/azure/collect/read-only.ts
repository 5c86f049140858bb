import type { Declaration } from './declaration.js';

/** SDK method names that only read. */
export const readVerbs = /^(list|get)/i;

/** Reads that return secrets or mint access: never called even though their names say list or get. */
export const secretReads = [
  /listKeys/i,
  /listSecrets/i,
  /listAccountSas/i,
  /listServiceSas/i,
  /listCredentials/i,
  /listConnectionStrings/i,
  /getAccessToken/i,
  /regenerate/i,
  /retrieveBootDiagnosticsData/i,
];

/** Why a declared call breaks read-only collection, or undefined when every operation it makes reads. */
export function notReadOnly(decl: Pick<Declaration, 'command' | 'operations'>): string | undefined {
  for (const op of decl.operations) {
    if (secretReads.some((r) => r.test(op))) return `${decl.command} calls ${op}, which returns secrets`;
    if (op.startsWith('GET ')) continue;
    const method = op.split('.').pop() ?? op;
    if (!readVerbs.test(method)) return `${decl.command} calls ${op}, which is not a list or get`;
  }
  return undefined;
}
