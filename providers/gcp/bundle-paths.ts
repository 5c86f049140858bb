/** Where a file sits in the resource hierarchy: a project, a folder, the organization or a billing account. */
export type NodeKind = 'project' | 'folder' | 'organization' | 'billing';

export interface HierarchyNode {
  kind: NodeKind;
  id: string;
}

const prefixes: Record<NodeKind, string> = {
  project: 'gcp',
  folder: 'gcp/folders',
  organization: 'gcp/organizations',
  billing: 'gcp/billing',
};

/** Folders under `gcp/` that are not project ids. */
export const reservedFolders = new Set(['folders', 'organizations', 'billing']);

export function nodeFolder(node: HierarchyNode): string {
  return `${prefixes[node.kind]}/${node.id}`;
}

/** A per-resource key as a file name: `/` written `~` (`roles/compute.admin` → `roles~compute.admin`). */
export function fileKey(key: string): string {
  return key
    .replace(/\//g, '~')
    .replace(/[\\:*?"<>|%\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function keyOfFile(name: string): string {
  return decodeURIComponent(name.replace(/~/g, '/'));
}

/** `gcp/<project>/<command>.json` or `gcp/<project>/<command>/<key>.json` (folders, organizations, billing alike). */
export function gcpPath(node: HierarchyNode, command: string, key?: string): string {
  return `${nodeFolder(node)}/${command}${key === undefined ? '' : `/${fileKey(key)}`}.json`;
}

export function errorPath(path: string): string {
  return path.replace(/\.json$/, '.error.json');
}

/** The relative resource name of a node as IAM and Resource Manager write it (`projects/P`, `folders/F`). */
export function nodeName(node: HierarchyNode): string {
  const word = {
    project: 'projects',
    folder: 'folders',
    organization: 'organizations',
    billing: 'billingAccounts',
  };
  return `${word[node.kind]}/${node.id}`;
}
