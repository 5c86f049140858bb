import { describe, expect, it } from 'vitest';
import { ocsfClasses, ocsfVersion, renderOcsf } from '../../reports/ocsf.js';
import { detection, twoAccountEstate } from '../helpers/findings-fixtures.js';

type Event = Record<string, unknown>;

/**
 * Required attributes per OCSF 1.x (ocsf-schema events/base_event.json, events/findings/finding.json,
 * compliance_finding.json, detection_finding.json, objects metadata/product/finding_info/compliance/cloud,
 * profiles/cloud.json, and evidences' at_least_one constraint).
 */
const required = {
  base: ['activity_id', 'category_uid', 'class_uid', 'metadata', 'severity_id', 'time', 'type_uid'],
  finding: ['finding_info'],
  compliance: ['compliance'],
  cloudProfile: ['cloud'],
  metadata: ['version', 'product'],
  product: ['name'],
  findingInfo: ['uid'],
  complianceObject: ['standards'],
  cloud: ['provider'],
  evidenceAtLeastOne: [
    'actor',
    'api',
    'connection_info',
    'data',
    'database',
    'databucket',
    'device',
    'dst_endpoint',
    'email',
    'file',
    'process',
    'query',
    'resources',
    'src_endpoint',
    'url',
    'user',
    'job',
    'script',
  ],
} as const;

function missing(obj: unknown, keys: readonly string[]): string[] {
  const o = (obj ?? {}) as Record<string, unknown>;
  return keys.filter((k) => o[k] === undefined || o[k] === null);
}

/** Every problem with one event, as words; [] when it satisfies its class. */
function validate(e: Event): string[] {
  const problems: string[] = [];
  const meta = e.metadata as Event | undefined;
  const cls = e.class_uid as number;
  problems.push(...missing(e, required.base).map((k) => `missing ${k}`));
  problems.push(...missing(e, required.finding).map((k) => `missing ${k}`));
  problems.push(...missing(meta, required.metadata).map((k) => `missing metadata.${k}`));
  problems.push(...missing(meta?.product, required.product).map((k) => `missing metadata.product.${k}`));
  problems.push(...missing(e.finding_info, required.findingInfo).map((k) => `missing finding_info.${k}`));
  if ((meta?.profiles as string[] | undefined)?.includes('cloud')) {
    problems.push(...missing(e, required.cloudProfile).map((k) => `missing ${k} (cloud profile)`));
    problems.push(...missing(e.cloud, required.cloud).map((k) => `missing cloud.${k}`));
  }
  if (e.category_uid !== 2) problems.push('category_uid is not 2 (Findings)');
  if (e.type_uid !== cls * 100 + (e.activity_id as number))
    problems.push('type_uid is not class_uid * 100 + activity_id');
  if (![0, 1, 2, 3, 4, 5, 6, 99].includes(e.severity_id as number)) problems.push('severity_id out of range');
  if (typeof e.time !== 'number' || Number.isNaN(e.time)) problems.push('time is not epoch milliseconds');
  if (cls === 2003) {
    problems.push(...missing(e, required.compliance).map((k) => `missing ${k}`));
    problems.push(...missing(e.compliance, required.complianceObject).map((k) => `missing compliance.${k}`));
    const status = (e.compliance as Event | undefined)?.status_id;
    if (![0, 1, 2, 3, 99].includes(status as number)) problems.push('compliance.status_id out of range');
  } else if (cls === 2004) {
    for (const ev of (e.evidences as Event[] | undefined) ?? []) {
      if (missing(ev, required.evidenceAtLeastOne).length === required.evidenceAtLeastOne.length)
        problems.push('an evidences item has none of its at-least-one attributes');
    }
  } else problems.push(`unexpected class_uid ${cls}`);
  return problems;
}

describe('findings.ocsf.json', () => {
  const doc = twoAccountEstate({
    detections: [
      detection({ instanceId: 'i-0dev00000000001', scope: '444455556666', verdict: 'confirmed-mining' }),
      detection({
        instanceId: 'i-0dev00000000002',
        scope: '444455556666',
        verdict: 'benign-explained',
        destinations: ['pool.example.net', '[2001:db8::1]:3333'],
      }),
    ],
  });
  const events = JSON.parse(renderOcsf(doc)) as Event[];

  it('has one Compliance Finding per posture result and one Detection Finding per detection', () => {
    expect(events.filter((e) => e.class_uid === ocsfClasses.compliance.class_uid)).toHaveLength(
      doc.findings.length,
    );
    expect(events.filter((e) => e.class_uid === ocsfClasses.detection.class_uid)).toHaveLength(2);
  });

  it('gives every event each field its OCSF class requires', () => {
    const problems = events.flatMap((e, i) => validate(e).map((p) => `event ${i}: ${p}`));
    expect(problems).toEqual([]);
    expect(events.every((e) => (e.metadata as Event).version === ocsfVersion)).toBe(true);
  });

  it('the validator itself rejects an event missing required fields', () => {
    const broken = { ...events[0] } as Event;
    delete broken.finding_info;
    broken.compliance = { control: 'x' };
    expect(validate(broken)).toEqual([
      'missing finding_info',
      'missing finding_info.uid',
      'missing compliance.standards',
      'compliance.status_id out of range',
    ]);
  });

  it('maps status, severity and evidence so a SIEM can act on them', () => {
    const byUid = new Map(events.map((e) => [(e.finding_info as Event).uid, e]));
    const egress = doc.findings.find((f) => f.control === 'egress-restriction' && f.status === 'fail');
    const e = byUid.get(egress?.id) as Event;
    expect(e.severity_id).toBe(5);
    expect(e.compliance).toMatchObject({
      status_id: 3,
      status: 'Fail',
      control: 'egress-restriction',
      standards: ['ATT&CK'],
    });
    expect(e.cloud).toEqual({
      provider: 'AWS',
      account: { uid: '444455556666', type: 'AWS Account' },
      region: 'us-east-1',
    });
    const waived = events.find((x) => (x.unmapped as Event).rigsight_status === 'waived');
    expect(waived).toMatchObject({ status_id: 3, status: 'Suppressed' });
    const unassessed = events.find((x) => (x.unmapped as Event).rigsight_status === 'unassessed');
    expect(unassessed?.compliance).toMatchObject({ status_id: 2, status: 'Warning' });

    const confirmed = byUid.get('det-i-0dev00000000001') as Event;
    expect(confirmed).toMatchObject({
      class_uid: 2004,
      severity_id: 5,
      is_alert: true,
      confidence_score: 82,
    });
    const ev = confirmed.evidences as Event[];
    expect(ev[0]).toMatchObject({
      api: { operation: 'cloudtrail', service: { name: 'cloudtrail' } },
      file: { path: 'telemetry/cloudtrail/2026/11/25/events.json.gz', hashes: [{ algorithm_id: 3 }] },
    });
    expect(ev.at(-1)).toEqual({ dst_endpoint: { ip: '94.130.12.27', port: 3333 } });
    const benign = byUid.get('det-i-0dev00000000002') as Event;
    expect(benign).toMatchObject({ severity_id: 1, is_alert: false, status: 'Suppressed' });
    expect((benign.evidences as Event[]).slice(-2)).toEqual([
      { dst_endpoint: { hostname: 'pool.example.net', domain: 'pool.example.net' } },
      { dst_endpoint: { ip: '2001:db8::1', port: 3333 } },
    ]);
  });

  it('says which path each creator takes on its creation-permissions result', () => {
    const doc = twoAccountEstate({});
    const events = JSON.parse(renderOcsf(doc)) as Event[];
    const ci = events.find(
      (x) => (x.resources as Event[])[0]?.uid === 'arn:aws:iam::444455556666:user/ci-deployer',
    );
    expect((ci?.unmapped as Event | undefined)?.creator_paths).toEqual([
      { path: 'direct', actions: ['ec2:RunInstances'], via: [] },
    ]);
    const guardrail = events.find((x) => (x.compliance as Event).control === 'creation-guardrails');
    expect(guardrail).toBeDefined();
    expect((guardrail?.unmapped as Event | undefined)?.creator_paths).toBeUndefined();
  });
});
