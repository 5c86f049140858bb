import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pLimit from 'p-limit';
import { declarations } from '../providers/aws/collect/catalog.js';
import type { Manifest } from '../src/evidence/manifest.js';
import { setup } from './bench-setup.js';

/**
 * The baseline: a minimal script issuing the same calls (read from rigsight's manifest) with the raw SDK and
 * p-limit at the same concurrency, against the same fake. No dependencies between calls, nothing written.
 */
const [url, bundle] = process.argv.slice(2) as [string, string];
const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;

const packages: Record<string, [string, string]> = {
  sts: ['@aws-sdk/client-sts', 'STSClient'],
  iam: ['@aws-sdk/client-iam', 'IAMClient'],
  organizations: ['@aws-sdk/client-organizations', 'OrganizationsClient'],
  ce: ['@aws-sdk/client-cost-explorer', 'CostExplorerClient'],
  ec2: ['@aws-sdk/client-ec2', 'EC2Client'],
  cloudtrail: ['@aws-sdk/client-cloudtrail', 'CloudTrailClient'],
  logs: ['@aws-sdk/client-cloudwatch-logs', 'CloudWatchLogsClient'],
  cloudwatch: ['@aws-sdk/client-cloudwatch', 'CloudWatchClient'],
  guardduty: ['@aws-sdk/client-guardduty', 'GuardDutyClient'],
  route53resolver: ['@aws-sdk/client-route53resolver', 'Route53ResolverClient'],
  autoscaling: ['@aws-sdk/client-auto-scaling', 'AutoScalingClient'],
  'service-quotas': ['@aws-sdk/client-service-quotas', 'ServiceQuotasClient'],
  s3api: ['@aws-sdk/client-s3', 'S3Client'],
};
type Sdk = Record<string, new (input: unknown) => unknown>;
const modules = new Map<string, Sdk>();
for (const [service, [pkg]] of Object.entries(packages)) modules.set(service, (await import(pkg)) as Sdk);

interface Client {
  send(command: unknown): Promise<Record<string, unknown>>;
}
const clients = new Map<string, Client>();
// One connection pool for every client, sized to the concurrency (as rigsight does).
const requestHandler = new NodeHttpHandler({
  httpAgent: new Agent({ keepAlive: true, maxSockets: setup.concurrency }),
});
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const base: Credentials = { accessKeyId: setup.callerKey, secretAccessKey: setup.callerSecret };
const assumed = new Map<string, Promise<Credentials>>();
const limit = pLimit(setup.concurrency);
let calls = 0;
let failed = 0;

function client(
  account: string,
  region: string,
  service: string,
  credentials: () => Promise<Credentials>,
): Client {
  const key = `${account}|${region}|${service}`;
  let c = clients.get(key);
  if (!c) {
    const [, name] = packages[service] as [string, string];
    const Client = (modules.get(service) as Sdk)[name] as new (o: unknown) => Client;
    // The same attempts per call as rigsight's default; the SDK's standard retry mode and backoff.
    c = new Client({ region, endpoint: url, credentials, maxAttempts: 8, requestHandler });
    clients.set(key, c);
  }
  return c;
}

function credentialsFor(account: string): () => Promise<Credentials> {
  if (account === setup.caller) return async () => base;
  let p = assumed.get(account);
  if (!p) {
    const sts = client(setup.caller, 'us-east-1', 'sts', async () => base);
    const { AssumeRoleCommand } = modules.get('sts') as Sdk;
    p = limit(async () => {
      calls++;
      const out = await patiently(() =>
        sts.send(
          new (AssumeRoleCommand as new (i: unknown) => unknown)({
            RoleArn: `arn:aws:iam::${account}:role/${setup.estate.orgRole}`,
            RoleSessionName: 'baseline',
          }),
        ),
      );
      const c = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    });
    assumed.set(account, p);
  }
  return () => p as Promise<Credentials>;
}

/** What a minimal script does about throttling beyond the SDK's own retries: wait and try again. */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await call();
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (round >= 8 || !/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|Rate/i.test(name)) throw err;
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** round)));
    }
  }
}

const globalServices = new Set(['iam', 'organizations', 'ce']);
const started = performance.now();
await Promise.all(
  manifest.files
    .filter((f) => f.outcome !== 'skipped')
    .map(async (f) => {
      const account = f.path.split('/')[1] as string;
      const region = f.region === 'global' || globalServices.has(f.service) ? 'us-east-1' : f.region;
      const decl = declarations.find((d) => d.service === f.service && d.operation === f.operation);
      const credentials = credentialsFor(account);
      const sdk = modules.get(f.service) as Sdk;
      const c = client(account, region, f.service, credentials);
      const paginate = sdk[`paginate${f.operation}`] as unknown as
        | ((config: unknown, input: unknown) => AsyncIterable<unknown>)
        | undefined;
      await limit(async () => {
        try {
          if (paginate && decl?.paging) {
            const pageSize = decl.paging.limit?.value;
            await patiently(async () => {
              for await (const _ of paginate(
                { client: c, ...(pageSize ? { pageSize } : {}) },
                { ...f.parameters },
              ))
                calls++;
            });
          } else {
            const Command = sdk[`${f.operation}Command`] as new (i: unknown) => unknown;
            await patiently(() => {
              calls++;
              return c.send(new Command({ ...f.parameters }));
            });
          }
        } catch (err) {
          // Counted, not fatal: errors rigsight kept as answers fail here too.
          if (f.outcome === 'ok') {
            failed++;
            if (process.env.BENCH_DEBUG && failed < 5)
              console.error(f.path, (err as Error).name, (err as Error).message);
          }
        }
      });
    }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage();
process.send?.({ wallMs, calls, failed, cpuMs: (cpu.user + cpu.system) / 1000 });
process.exit(0);
