import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GcpFiles } from '../providers/gcp/bundle-files.js';
import { gcpPath, type HierarchyNode } from '../providers/gcp/bundle-paths.js';
import { gcpCreators } from '../providers/gcp/iam/index.js';
import { EvidenceBundle } from '../src/evidence/bundle.js';
import { loadPolicy } from '../src/policy/load.js';

/**
 * The GCP IAM evaluator at scale: one project under a folder and the organization, 10,000 bindings over 300 roles
 * (custom roles of 40 permissions, one in ten with a compute-creating one), 2,000 users, 300 groups, 200 service
 * accounts, a tenth of them impersonable by someone. Times reading the bundle and computing every creator.
 */
export function buildIamBundle(dir: string, bindings = 10_000, roleCount = 300): void {
  const write = (node: HierarchyNode, command: string, data: unknown, key?: string) => {
    const full = join(dir, ...gcpPath(node, command, key).split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, JSON.stringify(data));
  };
  const project: HierarchyNode = { kind: 'project', id: 'bench-iam' };
  const org: HierarchyNode = { kind: 'organization', id: '999' };
  const folder: HierarchyNode = { kind: 'folder', id: '998' };
  const pool = Array.from({ length: 2000 }, (_, i) => `service${i % 50}.resource${i % 97}.verb${i}`);
  const computing = ['compute.instances.create', 'run.services.create', 'iam.serviceAccounts.actAs'];
  const roles = Array.from({ length: roleCount }, (_, r) => `projects/bench-iam/roles/r${r}`);
  roles.forEach((name, r) => {
    const perms = Array.from({ length: 40 }, (_, k) => pool[(r * 37 + k * 11) % pool.length] as string);
    if (r % 10 === 0) perms.push(computing[r % 3] as string);
    if (r === 7) perms.push('iam.serviceAccounts.getAccessToken');
    write(project, 'iam-roles-describe', { name, includedPermissions: perms }, name);
  });
  const accounts = Array.from({ length: 200 }, (_, i) => `sa-${i}@bench-iam.iam.gserviceaccount.com`);
  const member = (i: number) =>
    i % 10 === 0
      ? `group:g${i % 300}@bench.example`
      : i % 7 === 0
        ? `serviceAccount:${accounts[i % 200]}`
        : `user:u${i % 2000}@bench.example`;
  const policy = (n: number, offset: number) => ({
    version: 3,
    bindings: Array.from({ length: n / 20 }, (_, b) => ({
      role: roles[(b + offset) % roleCount],
      members: Array.from({ length: 20 }, (_, m) => member(offset + b * 20 + m)),
      ...(b % 25 === 0
        ? { condition: { title: 'business-hours', expression: 'request.time.getHours("UTC") < 18' } }
        : {}),
    })),
  });
  write(project, 'projects-get-iam-policy', policy(bindings * 0.8, 0));
  write(folder, 'resource-manager-folders-get-iam-policy', policy(bindings * 0.1, 8000));
  write(org, 'organizations-get-iam-policy', policy(bindings * 0.1, 9000));
  write(org, 'organizations-describe', { name: 'organizations/999', displayName: 'bench.example' });
  write(project, 'projects-get-ancestors', [
    { id: 'bench-iam', type: 'project' },
    { id: '998', type: 'folder' },
    { id: '999', type: 'organization' },
  ]);
  write(
    project,
    'iam-service-accounts-list',
    accounts.map((email) => ({ email })),
  );
  accounts.forEach((email, i) => {
    write(
      project,
      'iam-service-accounts-get-iam-policy',
      i % 10 === 0
        ? {
            bindings: [
              {
                role: roles[7],
                members: [`user:u${i}@bench.example`, `serviceAccount:${accounts[(i + 1) % 200]}`],
              },
            ],
          }
        : {},
      email,
    );
  });
}

export async function runIamBench(): Promise<{
  ms: number;
  bindings: number;
  roles: number;
  creators: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-gcp-iam-'));
  try {
    buildIamBundle(dir);
    const started = performance.now();
    const bundle = await EvidenceBundle.open(dir);
    const { creators } = gcpCreators(new GcpFiles(bundle), ['bench-iam'], loadPolicy().policy);
    return { ms: performance.now() - started, bindings: 10_000, roles: 300, creators: creators.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
