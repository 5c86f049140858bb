import type { CollectionGap } from '../../../src/model/gap.js';
import type { Creator } from '../../../src/model/identity.js';
import type { Policy } from '../../../src/policy/schema.js';
import type { GcpFiles } from '../bundle-files.js';
import { type ComputePermissions, defaultComputePermissions } from './compute-permissions.js';
import { projectCreators } from './creators.js';
import { loadProjectIam } from './model.js';

/** Who can create compute in each project of the bundle; `evaluated` lists the projects the evaluator ran for. */
export function gcpCreators(
  files: GcpFiles,
  projects: string[],
  policy: Policy,
  data: ComputePermissions = defaultComputePermissions(),
): { creators: Creator[]; gaps: CollectionGap[]; evaluated: Set<string> } {
  const creators: Creator[] = [];
  const gaps: CollectionGap[] = [];
  const evaluated = new Set<string>();
  for (const project of projects) {
    const iam = loadProjectIam(files, project);
    gaps.push(...iam.gaps);
    if (!iam.evaluated) continue;
    evaluated.add(project);
    creators.push(...projectCreators(iam, data, policy));
  }
  return { creators, gaps, evaluated };
}

export { projectCreators } from './creators.js';
export { loadProjectIam } from './model.js';
