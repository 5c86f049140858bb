import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pLimit from 'p-limit';
import { TokenBucket } from '../src/collect/token-bucket.js';
import type { Manifest } from '../src/evidence/manifest.js';
import { setup } from './bench-setup.js';

/**
 * The baseline of the live bench: a minimal script issuing the same calls as rigsight's run (read from its
 * manifest and files) with the raw SDK, p-limit at the same concurrency and a 2-a-second bucket per account and
 * region for LookupEvents, against a fresh copy of the same fake. Every account and region at once, no dependency
 * between the legs, nothing written.
 */
const [url, bundle, concurrency] = process.argv.slice(2) as [string, string, string];
const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
const requestHandler = new NodeHttpHandler({
  httpAgent: new Agent({ keepAlive: true, maxSockets: Number(concurrency) }),
});
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const base: Credentials = { accessKeyId: setup.callerKey, secretAccessKey: setup.callerSecret };
const limit = pLimit(Number(concurrency));
let calls = 0;
let failed = 0;

interface Sender {
  send(command: unknown): Promise<Record<string, unknown>>;
}
const clients = new Map<string, Sender>();
const makers = {
  sts: STSClient,
  ec2: EC2Client,
  cloudtrail: CloudTrailClient,
  cloudwatch: CloudWatchClient,
  guardduty: GuardDutyClient,
};
function client(
  service: keyof typeof makers,
  account: string,
  region: string,
  credentials: () => Promise<Credentials>,
) {
  const key = `${service}|${account}|${region}`;
  let c = clients.get(key);
  if (!c) {
    const Maker = makers[service] as unknown as new (o: unknown) => Sender;
    c = new Maker({ region, endpoint: url, credentials, maxAttempts: 8, requestHandler });
    clients.set(key, c);
  }
  return c;
}

const assumed = new Map<string, Promise<Credentials>>();
function credentialsFor(account: string): () => Promise<Credentials> {
  if (account === setup.caller) return async () => base;
  let p = assumed.get(account);
  if (!p) {
    const sts = client('sts', setup.caller, 'us-east-1', async () => base);
    p = limit(async () => {
      calls++;
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/${setup.estate.orgRole}`,
          RoleSessionName: 'baseline',
        }),
      );
      const c = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    });
    assumed.set(account, p);
  }
  return () => p as Promise<Credentials>;
}

const buckets = new Map<string, TokenBucket>();
const lookupBucket = (account: string, region: string) => {
  let b = buckets.get(`${account}|${region}`);
  if (!b) {
    b = new TokenBucket({ burst: 2, perSecond: 2 });
    buckets.set(`${account}|${region}`, b);
  }
  return b;
};

async function call(c: Sender, command: unknown): Promise<Record<string, unknown>> {
  return limit(async () => {
    calls++;
    return c.send(command);
  });
}

const read = (path: string) =>
  JSON.parse(readFileSync(join(bundle, path), 'utf8')) as Record<string, unknown>;
const started = performance.now();
await Promise.all(
  manifest.files
    .filter((f) => f.outcome === 'ok')
    .map(async (f) => {
      const parts = f.path.split('/');
      const account = (f.path.startsWith('telemetry/') ? parts[2] : parts[1]) as string;
      const region = f.region === 'global' ? 'us-east-1' : f.region;
      const credentials = credentialsFor(account);
      const p = f.parameters as Record<string, unknown>;
      try {
        switch (`${f.service}:${f.operation}`) {
          case 'sts:GetCallerIdentity':
            return void (await call(
              client('sts', account, region, credentials),
              new GetCallerIdentityCommand({}),
            ));
          case 'ec2:DescribeRegions':
            return void (await call(
              client('ec2', account, region, credentials),
              new DescribeRegionsCommand({}),
            ));
          case 'ec2:DescribeInstances':
            return void (await call(
              client('ec2', account, region, credentials),
              new DescribeInstancesCommand({ MaxResults: 1000 }),
            ));
          case 'guardduty:ListDetectors':
            return void (await call(
              client('guardduty', account, region, credentials),
              new ListDetectorsCommand({}),
            ));
          case 'cloudtrail:LookupEvents': {
            const c = client('cloudtrail', account, region, credentials);
            const bucket = lookupBucket(account, region);
            for (const s of (p.LookupAttributes ?? []) as {
              AttributeKey: string;
              AttributeValue: string;
            }[]) {
              let token: string | undefined;
              do {
                await bucket.take();
                const out = await call(
                  c,
                  new LookupEventsCommand({
                    StartTime: new Date(String(p.StartTime)),
                    EndTime: new Date(
                      String(s.AttributeKey === 'ReadOnly' ? p.EndTime : (p.EventNamesUntil ?? p.EndTime)),
                    ),
                    LookupAttributes: [
                      { AttributeKey: s.AttributeKey as 'ReadOnly', AttributeValue: s.AttributeValue },
                    ],
                    MaxResults: 50,
                    ...(token ? { NextToken: token } : {}),
                  }),
                );
                token = out.NextToken as string | undefined;
              } while (token);
            }
            return;
          }
          case 'cloudwatch:GetMetricData': {
            const labels = [
              ...new Set(
                ((read(f.path).MetricDataResults ?? []) as { Label: string }[]).map(
                  (r) => r.Label.split(' ')[0] as string,
                ),
              ),
            ];
            const c = client('cloudwatch', account, region, credentials);
            for (let i = 0; i < labels.length; i += 500) {
              let token: string | undefined;
              do {
                const out = await call(
                  c,
                  new GetMetricDataCommand({
                    StartTime: new Date(String(p.StartTime)),
                    EndTime: new Date(String(p.EndTime)),
                    MetricDataQueries: labels.slice(i, i + 500).map((id) => ({
                      Id: id.replace(/-/g, '_'),
                      Label: id,
                      MetricStat: {
                        Metric: {
                          Namespace: 'AWS/EC2',
                          MetricName: 'CPUUtilization',
                          Dimensions: [{ Name: 'InstanceId', Value: id }],
                        },
                        Period: 300,
                        Stat: 'Average',
                      },
                    })),
                    ...(token ? { NextToken: token } : {}),
                  }),
                );
                token = out.NextToken as string | undefined;
              } while (token);
            }
            return;
          }
          case 'guardduty:ListFindings':
            return void (await call(
              client('guardduty', account, region, credentials),
              new ListFindingsCommand({ ...(p as { DetectorId: string }), MaxResults: 50 }),
            ));
          case 'guardduty:GetFindings': {
            const ids = ((read(f.path).Findings ?? []) as { Id: string }[]).map((x) => x.Id);
            if (ids.length)
              await call(
                client('guardduty', account, region, credentials),
                new GetFindingsCommand({ DetectorId: String(p.DetectorId), FindingIds: ids }),
              );
            return;
          }
        }
      } catch (err) {
        failed++;
        if (process.env.BENCH_DEBUG && failed < 5)
          console.error(f.path, (err as Error).name, (err as Error).message);
      }
    }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage();
process.send?.({ wallMs, calls, failed, cpuMs: (cpu.user + cpu.system) / 1000 });
process.exit(0);
