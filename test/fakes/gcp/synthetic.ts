import { acmeEstate, type FakeEstate, type FakeProject, type Json } from './estate.js';

const zones = ['us-central1-a', 'us-central1-b', 'europe-west1-b'];

/**
 * An organization for the benchmark: `projects` copies of the acme production project spread over `folders` folders,
 * each with `instances` VMs across three zones. Names and numbers are derived from the index, so runs are identical.
 */
export function syntheticEstate(o: { projects: number; instances: number; folders: number }): FakeEstate {
  const acme = acmeEstate();
  const template = acme.projects[0] as FakeProject;
  const folders = Array.from({ length: o.folders }, (_, i) => ({
    ...(acme.folders[0] as FakeEstate['folders'][number]),
    id: String(3000 + i),
    displayName: `team-${i}`,
    parent: `organizations/${acme.organization.id}`,
  }));
  const projects: FakeProject[] = [];
  for (let p = 0; p < o.projects; p++) {
    const id = `bench-${String(p).padStart(4, '0')}`;
    const number = String(700000000000 + p);
    const swap = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v).replaceAll('acme-prod', id).replaceAll('210987654321', number));
    const base = swap(template) as FakeProject;
    const vm = base.instances[0] as Json;
    base.instances = Array.from({ length: o.instances }, (_, i) => {
      const zone = zones[i % zones.length] as string;
      return swap({
        ...vm,
        id: String(4000000000000000000n + BigInt(p * 1000 + i)),
        name: `vm-${i}`,
        zone: `https://www.googleapis.com/compute/v1/projects/acme-prod/zones/${zone}`,
        selfLink: `https://www.googleapis.com/compute/v1/projects/acme-prod/zones/${zone}/instances/vm-${i}`,
      }) as Json;
    });
    projects.push({
      ...base,
      projectId: id,
      projectNumber: number,
      parent: `folders/${(folders[p % o.folders] as { id: string }).id}`,
    });
  }
  return { ...acme, folders, projects };
}
