import type { Declaration } from './declaration.js';

/** Operation name prefixes that only read (DESIGN "Read-only, precisely"). */
export const readPrefixes = ['Describe', 'List', 'Get', 'Lookup', 'Search', 'Query', 'BatchGet'] as const;

/** Calls allowed although their names do not say "read": they change nothing that is audited. */
export const allowedNonReads = new Set([
  // Org scans: temporary credentials for the audit role.
  'sts:AssumeRole',
  // Creates no resource; part of AWS's SecurityAudit policy.
  'iam:GenerateCredentialReport',
]);

/** Reads that return secrets: never called even though their names say read. */
export const secretReads = [
  /^secretsmanager:GetSecretValue$/,
  /^ec2:GetPasswordData$/,
  /^ssm:GetParameters?(ByPath)?$/,
  /^lambda:GetFunction$/,
  /^kms:Decrypt$/,
  /^iam:GetSSHPublicKey$/,
  /^sts:GetSessionToken$/,
  /^ecr:GetAuthorizationToken$/,
];

/** Why a declared call breaks read-only collection, or undefined when it is a read. */
export function notReadOnly(decl: Pick<Declaration, 'id' | 'operation'>): string | undefined {
  if (secretReads.some((r) => r.test(decl.id))) return `${decl.id} returns secrets`;
  if (allowedNonReads.has(decl.id)) return undefined;
  if (readPrefixes.some((p) => decl.operation.startsWith(p))) return undefined;
  return `${decl.id} is not a read (allowed: ${readPrefixes.join('/')}…, ${[...allowedNonReads].join(', ')})`;
}
