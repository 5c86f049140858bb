import { type FuseOutput, fuse } from '../../../src/detect/fuse/index.js';
import {
  type CreationSignal,
  emptyDigest,
  type FileDigest,
  type TamperSignal,
} from '../../../src/detect/signals.js';
import { emptyInventory, type Inventory } from '../../../src/model/inventory.js';
import { loadPolicy } from '../../../src/policy/load.js';
import { WaiverBook } from '../../../src/policy/waivers.js';

/** Digests written by hand, for rules that turn on one time or one region: what a reader would have emitted. */
export const at = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:00Z`);

export function auditDigest(file: string): FileDigest {
  return { ...emptyDigest(file, 'cloudtrail'), sha256: '0'.repeat(64) };
}

export function activity(d: FileDigest, region: string, first: string, last = first): void {
  d.auditRegions.push({ provider: 'aws', scope: '111122223333', region, first: at(first) });
  const w = d.auditWindows[0];
  if (!w) d.auditWindows.push({ provider: 'aws', scope: '111122223333', first: at(first), last: at(last) });
  else {
    w.first = Math.min(w.first, at(first));
    w.last = Math.max(w.last, at(last));
  }
}

export function launch(d: FileDigest, id: string, time: string, extra: Partial<CreationSignal> = {}): void {
  d.creations.push({
    provider: 'aws',
    scope: '111122223333',
    instanceId: id,
    region: 'us-east-1',
    time: at(time),
    principal: 'arn:aws:iam::111122223333:user/svc-backup',
    outcome: 'succeeded',
    tags: { owner: 'x' },
    file: d.file,
    pointer: `/Records/${d.creations.length}`,
    ...extra,
  });
}

export function logging(
  d: FileDigest,
  list: 'tampering' | 'resumed',
  action: string,
  time: string,
  blinds: TamperSignal['blinds'],
  target = 'management-events',
): void {
  d[list].push({
    provider: 'aws',
    scope: '111122223333',
    time: at(time),
    action,
    principal: 'arn:aws:iam::111122223333:user/svc-backup',
    target,
    ...(blinds ? { blinds } : {}),
    file: d.file,
    pointer: `/Records/${d[list].length + 10}`,
  });
}

/** A CPU plateau at 97% for an hour from `from`, one sample a minute. */
export function plateau(d: FileDigest, id: string, from: string): void {
  const times = Array.from({ length: 60 }, (_, i) => at(from) + i * 60_000);
  d.cpu.push({
    provider: 'aws',
    instanceId: id,
    scope: '111122223333',
    times: Float64Array.from(times),
    values: Float64Array.from(times.map(() => 97)),
    file: d.file,
    pointer: '#L1',
  });
}

export function fuseDigests(
  digests: FileDigest[],
  approved: string[] = [],
  inventory?: Inventory,
): FuseOutput {
  const loaded = loadPolicy();
  const policy = {
    ...loaded.policy,
    creators: { approved: approved.map((principal) => ({ principal, reason: 'approved in the test' })) },
  };
  return fuse({
    digests,
    policy,
    waivers: new WaiverBook([], new Date('2026-11-21T00:00:00Z')),
    ...(inventory ? { inventory } : {}),
  });
}

const item = (id: string, type: string) => ({
  provider: 'aws' as const,
  scope: '111122223333',
  region: 'us-east-1',
  id,
  type,
  evidence: [],
});

/** An inventory with one instance in `vpc` and a flow log on each of `flowLogs` (id → VPC). */
export function inventoryWith(instance: string, vpc: string, flowLogs: Record<string, string>): Inventory {
  const inv = emptyInventory();
  inv.workloads.push({
    ...item(instance, 'AWS::EC2::Instance'),
    state: 'running',
    tags: {},
    networkId: vpc,
    attachments: [],
    cpuResolutionMinutes: 5,
  });
  for (const [id, target] of Object.entries(flowLogs))
    inv.flowLogs.push({
      ...item(id, 'AWS::EC2::FlowLog'),
      target: { kind: 'network', id: target },
      traffic: 'all',
      fields: [],
      recordsDestination: true,
      active: true,
      destinations: [],
    });
  return inv;
}
