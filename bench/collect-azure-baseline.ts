import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import { MonitorClient } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { PolicyClient } from '@azure/arm-policy';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SecurityCenter } from '@azure/arm-security';
import { StorageManagementClient } from '@azure/arm-storage';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import pLimit from 'p-limit';
import { declarations } from '../providers/azure/collect/catalog.js';
import type { ArmClients } from '../providers/azure/collect/clients.js';
import type { RunContext } from '../providers/azure/collect/declaration.js';
import { GraphReader } from '../providers/azure/collect/graph.js';
import type { Manifest } from '../src/evidence/manifest.js';
import { azureSetup } from './azure-setup.js';

/**
 * The baseline: a minimal script making the same calls (read from rigsight's manifest) with the raw SDK clients
 * (no pacing, no extra policies) and p-limit at the same concurrency, against the same fake. Nothing written.
 */
const [url, bundle] = process.argv.slice(2) as [string, string];
const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
const credential: TokenCredential = {
  getToken: async () => ({ token: azureSetup.token, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const httpClient = createDefaultHttpClient();
const options = {
  endpoint: url,
  credentialScopes: [`${url}/.default`],
  credentials: { scopes: [`${url}/.default`] },
  httpClient,
};
const pipeline = createPipelineFromOptions({});
pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${url}/.default` }));

/** Plain SDK clients with the getters the declarations use. */
function rawClients(sub: string): ArmClients {
  const memo = new Map<string, unknown>();
  const get = <T>(k: string, make: () => T) => (memo.get(k) ?? memo.set(k, make()).get(k)) as T;
  return {
    subscription: sub,
    get compute() {
      return get('c', () => new ComputeManagementClient(credential, sub, options));
    },
    get network() {
      return get('n', () => new NetworkManagementClient(credential, sub, options));
    },
    get monitor() {
      return get('m', () => new MonitorClient(credential, sub, options));
    },
    get insights() {
      return get('i', () => new OperationalInsightsManagementClient(credential, sub, options));
    },
    get storage() {
      return get('s', () => new StorageManagementClient(credential, sub, options));
    },
    get authorization() {
      return get('a', () => new AuthorizationManagementClient(credential, sub, options));
    },
    get security() {
      return get('sec', () => new SecurityCenter(credential, sub, options));
    },
    get policy() {
      return get('p', () => new PolicyClient(credential, sub, options));
    },
    get managementGroups() {
      return get('mg', () => new ManagementGroupsAPI(credential, options));
    },
    get subscriptions() {
      return get('sub', () => new SubscriptionClient(credential, options));
    },
    async getAll(path: string, apiVersion: string) {
      const value: unknown[] = [];
      let next: string | undefined = `${url}${path}?api-version=${apiVersion}`;
      while (next) {
        const res = await pipeline.sendRequest(
          httpClient,
          createPipelineRequest({ url: next, method: 'GET' }),
        );
        calls++;
        const body = JSON.parse(res.bodyAsText ?? '{}') as { value?: unknown[]; nextLink?: string };
        value.push(...(body.value ?? []));
        next = body.nextLink || undefined;
      }
      return { value };
    },
  } as unknown as ArmClients;
}

let calls = 0;
let failed = 0;
const clients = new Map<string, ArmClients>();
const clientsFor = (s: string) => clients.get(s) ?? (clients.set(s, rawClients(s)).get(s) as ArmClients);
const graph = new GraphReader(url, credential, undefined, { calls: 0, retries: 0 });
const limit = pLimit(azureSetup.concurrency);
const started = performance.now();
await Promise.all(
  manifest.files
    .filter((f) => f.outcome !== 'skipped')
    .map((f) =>
      limit(async () => {
        const decl = declarations.find((d) => d.command === f.operation);
        if (!decl) return;
        const parts = f.path.split('/');
        const folder = parts[1] === 'tenant' ? 'tenant' : (parts[1] as string);
        const rest = parts.slice(parts[1] === 'tenant' ? 4 : 3).join('/');
        const { subscription: _s, tenant: _t, ...params } = f.parameters as Record<string, string>;
        const key = rest ? decodeURIComponent(rest.replace(/(\.error)?\.json$/, '')) : undefined;
        const ctx: RunContext = {
          subscription: folder,
          tenant: 'bench',
          cloud: 'AzureCloud',
          caller: { id: 'bench', type: 'servicePrincipal' },
          clients: clientsFor(folder),
          clientsFor,
          graph,
          output: () => undefined,
        };
        try {
          calls++;
          await decl.run(ctx, key === undefined ? undefined : { key, params, folder });
        } catch {
          if (f.outcome === 'ok') failed++;
        }
      }),
    ),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage();
process.send?.({ wallMs, calls, failed, cpuMs: (cpu.user + cpu.system) / 1000 });
process.exit(0);
