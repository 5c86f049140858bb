import { stringify } from 'yaml';
import { declarations, discovery } from './collect/catalog.js';
import { liveDeclarations } from './collect/live-catalog.js';

/**
 * The custom role collection needs, generated from the collector's declarations: create it at the organization
 * (`gcloud iam roles create rigsightCollector --organization=ORG --file=policies/gcp-role.yaml`) and grant it there,
 * and on the billing account for budgets.
 */
export function gcpCustomRole(): Record<string, unknown> {
  const permissions = new Set<string>(discovery.permissions);
  for (const d of [...declarations, ...liveDeclarations]) for (const p of d.permissions) permissions.add(p);
  return {
    title: 'rigsight collector',
    description:
      'Read-only access for rigsight collect: generated from its declarations (rigsight permissions --provider gcp).',
    stage: 'GA',
    includedPermissions: [...permissions].sort(),
  };
}

export function renderGcpRole(): string {
  return stringify(gcpCustomRole(), { lineWidth: 0 }).trimEnd();
}
