import { afterEach, describe, expect, it } from 'vitest';
import { openHistory, parseHistoryLocation, recordRun } from '../../../src/history/index.js';
import type { HistoryStore } from '../../../src/history/store.js';
import type { FindingsDocument } from '../../../src/model/findings-document.js';
import type { HistoryChange, HistorySection } from '../../../src/model/history.js';
import { creator, detection, finding, twoAccountEstate } from '../../helpers/findings-fixtures.js';
import { backends } from '../../helpers/history.js';

const dev = '444455556666';
const prod = '111122223333';

let store: HistoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function freshStore(): Promise<HistoryStore> {
  const sqlite = backends.find((b) => b.name === 'sqlite');
  store = await openHistory(parseHistoryLocation(await sqlite?.fresh()), { create: true });
  return store;
}

/** The estate on a given day, changed by `edit`. */
function day(n: number, edit: (doc: FindingsDocument) => void = () => {}): FindingsDocument {
  const doc = structuredClone(
    twoAccountEstate({
      now: `2026-11-${String(20 + n).padStart(2, '0')}T00:00:00Z`,
      detections: [detection({ instanceId: 'i-0dev00000000001', scope: dev })],
    }),
  );
  doc.inputs.telemetry = 'telemetry/';
  edit(doc);
  return doc;
}

const byId = (doc: FindingsDocument, control: string, resource: string) => {
  const f = doc.findings.find((x) => x.control === control && x.resource.id === resource);
  if (!f) throw new Error(`no ${control} on ${resource}`);
  return f;
};

function change(
  changes: Record<HistorySection, { items: HistoryChange[] }>,
  section: HistorySection,
  text: string,
): HistoryChange | undefined {
  return changes[section].items.find((c) => c.label.includes(text));
}

describe('what changed since the last run', () => {
  it('on the first run nothing is new: open items persist from today, age 0', async () => {
    const s = await freshStore();
    const { history } = await recordRun(s, day(0));
    expect(history.previous).toBeNull();
    expect(history.changes.findings.counts.new).toBe(0);
    const open = history.changes.findings.items;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((c) => c.change === 'persisting' && c.ageDays === 0)).toBe(true);
    expect(open[0]?.firstSeen).toBe('2026-11-20T00:00:00.000Z');
  });

  it('names new, resolved, changed and persisting findings, with first seen and age', async () => {
    const s = await freshStore();
    await recordRun(s, day(0));
    const { history, diff } = await recordRun(
      s,
      day(3, (doc) => {
        byId(doc, 'audit-logging', `${dev}/us-east-1`).status = 'pass';
        byId(doc, 'flow-logging', 'vpc-0dev1').reason = 'VPC vpc-0dev1 logs only REJECT traffic.';
        byId(doc, 'dns-logging', 'vpc-0dev1').severity = 'high';
        doc.findings.push(
          finding({
            control: 'egress-restriction',
            status: 'fail',
            scope: dev,
            region: 'us-east-1',
            severity: 'high',
            resource: { id: 'sg-0new', type: 'AWS::EC2::SecurityGroup' },
          }),
        );
      }),
    );
    expect(history.previous?.generatedAt).toBe('2026-11-20T00:00:00.000Z');
    const c = history.changes;
    expect(change(c, 'findings', 'sg-0new')).toMatchObject({ change: 'new', severity: 'high', ageDays: 0 });
    expect(change(c, 'findings', `audit-logging ${dev}/us-east-1`)).toMatchObject({
      change: 'resolved',
      was: 'fail',
      now: 'pass',
    });
    expect(change(c, 'findings', 'flow-logging vpc-0dev1')).toMatchObject({
      change: 'changed',
      changes: ['reason was: VPC vpc-0dev1 (dev-main) has no flow log capturing accepted traffic.'],
      firstSeen: '2026-11-20T00:00:00.000Z',
      ageDays: 3,
    });
    expect(change(c, 'findings', 'dns-logging vpc-0dev1')?.changes).toEqual(['severity medium → high']);
    expect(change(c, 'findings', `threat-detection ${dev}/us-east-1`)).toMatchObject({
      change: 'persisting',
      firstSeen: '2026-11-20T00:00:00.000Z',
      ageDays: 3,
    });
    expect(c.findings.counts).toMatchObject({ new: 1, resolved: 1, changed: 2, regressed: 0, unknown: 0 });
    expect(diff.from?.id).toBe(1);
  });

  it('calls a finding that failed before, was fixed, and fails again regressed, not new', async () => {
    const s = await freshStore();
    const fix = (doc: FindingsDocument) => {
      byId(doc, 'audit-logging', `${dev}/us-east-1`).status = 'pass';
    };
    await recordRun(s, day(0));
    await recordRun(s, day(1, fix));
    const { history } = await recordRun(s, day(2));
    expect(change(history.changes, 'findings', `audit-logging ${dev}/us-east-1`)).toMatchObject({
      change: 'regressed',
      firstSeen: '2026-11-20T00:00:00.000Z',
      ageDays: 2,
    });
  });

  it('never counts what was not collected as resolved: a region, a scope, an unassessed check, missing logs', async () => {
    const s = await freshStore();
    await recordRun(s, day(0));
    const { history } = await recordRun(
      s,
      day(1, (doc) => {
        // dev us-east-1 not collected; prod not collected at all; dev's IAM unreadable; no logs read.
        doc.findings = doc.findings.filter(
          (f) => !(f.scope === dev && f.region === 'us-east-1') && f.scope !== prod,
        );
        doc.scopes = doc.scopes.filter((sc) => sc.id !== prod);
        byId(doc, 'creation-permissions', 'arn:aws:iam::444455556666:user/ci-deployer').status = 'unassessed';
        doc.creators = doc.creators.filter((cr) => cr.scope !== dev);
        doc.detections = [];
        doc.coverage = [];
        delete doc.inputs.telemetry;
      }),
    );
    const c = history.changes;
    expect(c.findings.counts.resolved).toBe(0);
    expect(change(c, 'findings', `threat-detection ${dev}/us-east-1`)?.change).toBe('unknown');
    expect(change(c, 'findings', 'egress-restriction sg-0prodproxy')?.change).toBe('unknown');
    expect(
      change(c, 'findings', 'creation-permissions arn:aws:iam::444455556666:user/ci-deployer')?.change,
    ).toBe('unknown');
    // A finding in a region that was collected and no longer exists is resolved (the resource went away).
    expect(c.creators.counts).toMatchObject({ resolved: 0, unknown: 2 });
    expect(c.detections.counts).toMatchObject({ resolved: 0, unknown: 1 });
    expect(c.coverage.counts).toMatchObject({ resolved: 0, unknown: 1 });
  });

  it('resolves a finding whose resource is gone from a region that was collected', async () => {
    const s = await freshStore();
    await recordRun(s, day(0));
    const { history } = await recordRun(
      s,
      day(1, (doc) => {
        doc.findings = doc.findings.filter((f) => f.resource.id !== 'sg-0devopen');
      }),
    );
    expect(change(history.changes, 'findings', 'sg-0devopen')?.change).toBe('resolved');
  });

  it('tracks creators, detections and coverage the same way', async () => {
    const s = await freshStore();
    await recordRun(s, day(0));
    const { history } = await recordRun(
      s,
      day(1, (doc) => {
        doc.creators.push(
          creator({ id: 'arn:aws:iam::444455556666:user/intruder', scope: dev, kind: 'user', rank: 1 }),
        );
        const vendor = doc.creators.find((cr) => cr.principal.id.includes('vendor-ops'));
        if (vendor) vendor.actions = ['ec2:RunInstances', 'ec2:RequestSpotInstances'];
        const d = doc.detections[0];
        if (d) d.verdict = 'confirmed-mining';
        doc.coverage.push({
          provider: 'aws',
          scope: dev,
          leg: 'cpu',
          resource: 'i-0dev00000000001',
          blind: true,
          why: 'no CPU metrics',
        });
      }),
    );
    const c = history.changes;
    expect(change(c, 'creators', 'user/intruder')).toMatchObject({ change: 'new', now: 'unapproved' });
    expect(change(c, 'creators', 'vendor-ops')?.changes).toEqual(['can now ec2:RequestSpotInstances']);
    expect(change(c, 'detections', 'i-0dev00000000001')?.changes).toEqual([
      'verdict likely-mining → confirmed-mining',
    ]);
    expect(change(c, 'coverage', 'cpu leg of i-0dev00000000001')?.change).toBe('new');
  });

  it('a waiver that accepts a failing finding, or lapses, is a change, not new or fixed', async () => {
    const s = await freshStore();
    await recordRun(s, day(0));
    const { history } = await recordRun(
      s,
      day(1, (doc) => {
        const open = byId(doc, 'egress-restriction', 'sg-0devopen');
        open.status = 'waived';
        open.waiver = { owner: 'netops@example.com', reason: 'proxy rollout', expires: '2026-12-01' };
        byId(doc, 'egress-restriction', 'sg-0prodproxy').status = 'fail';
      }),
    );
    expect(change(history.changes, 'findings', 'sg-0devopen')).toMatchObject({
      change: 'changed',
      changes: ['fail → waived'],
    });
    expect(change(history.changes, 'findings', 'sg-0prodproxy')).toMatchObject({
      change: 'changed',
      changes: ['waived → fail'],
    });
    expect(history.changes.findings.counts.new).toBe(0);
  });
});
