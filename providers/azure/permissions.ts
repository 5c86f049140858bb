import { declarations } from './collect/catalog.js';
import { liveDeclarations } from './collect/live-catalog.js';

/** The custom role `az role definition create --role-definition @policies/azure-role.json` takes. */
export interface AzureRoleDefinition {
  Name: string;
  IsCustom: true;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  NotDataActions: string[];
  AssignableScopes: string[];
}

/** Every Azure RBAC action the declared reads need, live legs included (sorted, unique). */
export function azureReadActions(): string[] {
  return [...new Set([...declarations, ...liveDeclarations].flatMap((d) => d.actions))].sort((a, b) =>
    a.localeCompare(b),
  );
}

/** Microsoft Graph application permissions the collector needs besides the role (group members). */
export function graphPermissions(): string[] {
  return [...new Set(declarations.flatMap((d) => d.graphPermissions ?? []))].sort();
}

/** The least-privilege custom role for `rigsight collect`, assignable at a management group (default: a placeholder). */
export function azureRole(managementGroup?: string): AzureRoleDefinition {
  return {
    Name: 'rigsight collector (read-only)',
    IsCustom: true,
    Description: `Reads what rigsight collect calls, nothing else: no listKeys, no secrets, no writes. Also grant Microsoft Graph ${graphPermissions().join(', ')} to expand groups.`,
    Actions: azureReadActions(),
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: [
      `/providers/Microsoft.Management/managementGroups/${managementGroup ?? 'MANAGEMENT_GROUP_ID'}`,
    ],
  };
}
