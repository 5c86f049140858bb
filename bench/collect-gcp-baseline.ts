import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { HierarchyNode } from '../providers/gcp/bundle-paths.js';
import { declarations } from '../providers/gcp/collect/catalog.js';
import { GcpClients } from '../providers/gcp/collect/clients.js';
import { gcpCredentials } from '../providers/gcp/collect/credentials.js';
import { isList } from '../providers/gcp/collect/declaration.js';
import type { Manifest } from '../src/evidence/manifest.js';
import { gcpSetup } from './gcp-setup.js';

/**
 * The baseline: the same calls (read from rigsight's manifest, a role described once) with the raw clients and
 * p-limit at the same concurrency, against the same fake. No dependencies between calls, nothing written.
 */
const [url, bundle] = process.argv.slice(2) as [string, string];
const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
const auth = await gcpCredentials({ GOOGLE_OAUTH_ACCESS_TOKEN: gcpSetup.token });
const clients = new GcpClients(auth, url);
const limit = pLimit(gcpSetup.concurrency);
let calls = 0;
let failed = 0;
const seen = new Set<string>();
const work: Promise<void>[] = [];
const started = performance.now();
const cpu0 = process.cpuUsage();
for (const f of manifest.files) {
  const [, first, second, third] = f.path.split('/');
  const node: HierarchyNode =
    first === 'folders'
      ? { kind: 'folder', id: second as string }
      : first === 'organizations'
        ? { kind: 'organization', id: second as string }
        : first === 'billing'
          ? { kind: 'billing', id: second as string }
          : { kind: 'project', id: first as string };
  const command = (node.kind === 'project' ? second : third)?.replace(/(\.error)?\.json$/, '') as string;
  const decl = declarations.find((d) => d.level === node.kind && d.command === command);
  if (!decl) continue;
  const key = f.parameters.key as string | undefined;
  const once = command === 'iam-roles-describe' ? `role|${key}` : f.path;
  if (seen.has(once)) continue;
  seen.add(once);
  work.push(
    (async () => {
      let token: string | undefined;
      for (;;) {
        try {
          const page = await limit(() => {
            calls++;
            return decl.call(clients, { node, ...(key !== undefined ? { key } : {}) }, token);
          });
          if (!isList(page) || !page.next) return;
          token = page.next;
        } catch {
          failed++;
          return;
        }
      }
    })(),
  );
}
await Promise.all(work);
const cpu = process.cpuUsage(cpu0);
await clients.close();
process.send?.({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, calls, failed });
