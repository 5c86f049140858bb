import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/model/finding.js';
import { scoreEstate, scoreRisk } from '../../../src/risk/score.js';
import { creator, detection, finding, instance, twoAccountEstate } from '../../helpers/findings-fixtures.js';

const region = (id: string) => ({ id, type: 'AWS::Region', name: id.split('/')[1] ?? id });

/** A small estate that passes everything: grade A, no penalties. */
function clean(): Finding[] {
  return [
    finding({ control: 'audit-logging', status: 'pass', resource: region('111122223333/us-east-1') }),
    finding({ control: 'flow-logging', status: 'pass', resource: { id: 'vpc-1', type: 'AWS::EC2::VPC' } }),
    finding({ control: 'metric-logging', status: 'pass', resource: instance('i-1') }),
    finding({
      control: 'creation-guardrails',
      status: 'pass',
      resource: { id: '111122223333', type: 'AWS::Account' },
    }),
    finding({
      control: 'egress-restriction',
      status: 'pass',
      resource: { id: 'sg-1', type: 'AWS::EC2::SecurityGroup' },
    }),
    finding({ control: 'threat-detection', status: 'pass', resource: region('111122223333/us-east-1') }),
    finding({ control: 'ownership-tagging', status: 'pass', resource: instance('i-1') }),
  ];
}

describe('scoreRisk', () => {
  it('grades a clean estate A with no penalties and says so', () => {
    const s = scoreRisk({ findings: clean() });
    expect(s.grade).toBe('A');
    expect(s.value).toBe(100);
    expect(s.reasons[0]).toBe('100/100 = posture 100 across the judged pillars.');
  });

  it('caps the grade at F while mining is confirmed, however good the posture', () => {
    const s = scoreRisk({
      findings: clean(),
      detections: [detection({ instanceId: 'i-1', verdict: 'confirmed-mining' })],
    });
    expect(s.grade).toBe('F');
    expect(s.reasons[0]).toMatch(/^Mining is confirmed on i-1: the grade is capped at F/);
    expect(s.breakdown?.cap?.grade).toBe('F');
  });

  it('caps at D for likely mining, and lets a waived detection go', () => {
    expect(scoreRisk({ findings: clean(), detections: [detection({ instanceId: 'i-1' })] }).grade).toBe('D');
    const waived = detection({
      instanceId: 'i-1',
      waiver: { owner: 'soc@example.com', reason: 'Sanctioned load test', expires: '2027-01-01' },
    });
    expect(scoreRisk({ findings: clean(), detections: [waived] }).grade).toBe('A');
  });

  it('takes points off for unapproved and external creators, more with a larger vCPU quota', () => {
    const creators = [
      creator({ id: 'arn:aws:iam::999988887777:role/vendor', external: true }),
      creator({ id: 'arn:aws:iam::111122223333:user/bob' }),
    ];
    const small = scoreRisk({ findings: clean(), creators, exposure: { vcpuQuota: 8 } });
    const large = scoreRisk({ findings: clean(), creators, exposure: { vcpuQuota: 4096 } });
    expect(small.value).toBeLessThan(100);
    expect(large.value).toBeLessThan(small.value);
    expect(large.reasons.join(' ')).toContain('1 principal from outside the account can create compute');
    expect(large.reasons.join(' ')).toContain('the vCPU quota lets 4096 vCPUs be launched');
  });

  it('counts a principal once however many paths it has', () => {
    const bob = 'arn:aws:iam::111122223333:user/bob';
    const one = scoreRisk({ findings: clean(), creators: [creator({ id: bob })] });
    const twoPaths = scoreRisk({
      findings: clean(),
      creators: [
        creator({ id: bob }),
        creator({
          id: bob,
          path: 'escalation',
          actions: ['lambda:CreateFunction'],
          escalation: ['iam:PutUserPolicy'],
        }),
      ],
    });
    expect(twoPaths.value).toBe(one.value);
    expect(twoPaths.reasons.join(' ')).toContain('1 principal outside the approved list can create compute');
  });

  it('names the blind legs and caps at D when every leg is blind', () => {
    const findings = [
      finding({ control: 'audit-logging', status: 'fail', resource: region('111122223333/us-east-1') }),
      finding({
        control: 'flow-logging',
        status: 'unassessed',
        resource: { id: 'vpc-1', type: 'AWS::EC2::VPC' },
      }),
      finding({ control: 'metric-logging', status: 'fail', resource: instance('i-1') }),
      ...clean().filter((f) => f.pillar !== 'logging-retention'),
    ];
    const s = scoreRisk({ findings });
    expect(s.breakdown?.blindness.value).toBe(1);
    expect(s.grade).toBe('D');
    expect(s.reasons.join(' ')).toContain('Every leg of AN0744 (instance creation, CPU, network) is blind');
    expect(s.reasons.join(' ')).toContain('blind on the network leg (flow logs for 1 of 1 network)');
  });

  it('counts a waived logging gap as blind: a waiver does not make the leg visible', () => {
    const waiver = { owner: 'a@example.com', reason: 'later', expires: '2027-01-01' };
    const findings = [
      ...clean().filter((f) => f.control !== 'flow-logging'),
      finding({
        control: 'flow-logging',
        status: 'waived',
        resource: { id: 'vpc-1', type: 'AWS::EC2::VPC' },
        waiver,
      }),
    ];
    const s = scoreRisk({ findings });
    expect(s.pillars['logging-retention']).toBe(100);
    expect(s.breakdown?.blindness.legs.network.blind).toBe(1);
  });

  it('gives unassessed results half credit', () => {
    const findings = [
      finding({
        control: 'egress-restriction',
        status: 'unassessed',
        resource: { id: 'sg-1', type: 'AWS::EC2::SecurityGroup' },
      }),
    ];
    const s = scoreRisk({ findings });
    expect(s.pillars['egress-control']).toBe(50);
    expect(s.reasons.join(' ')).toContain('Egress control could not be judged: 1 result unassessed.');
  });

  it('says when nothing could be judged', () => {
    const s = scoreRisk({ findings: [] });
    expect(s.grade).toBe('F');
    expect(s.reasons[0]).toMatch(/^Nothing could be judged/);
  });

  it('is deterministic: finding order does not change the score or its words', () => {
    const doc = twoAccountEstate();
    const a = scoreRisk({ findings: doc.findings, creators: doc.creators, coverage: doc.coverage });
    const b = scoreRisk({
      findings: [...doc.findings].reverse(),
      creators: [...doc.creators].reverse(),
      coverage: [...doc.coverage].reverse(),
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('the estate score', () => {
  it('grades each scope, and holds the estate within one letter of the weakest scope', () => {
    const doc = twoAccountEstate();
    const [prod, dev] = doc.scopes;
    expect(prod?.score?.grade).toBe('A');
    expect(dev?.score?.grade).toBe('F');
    expect(doc.score.grade).toBe('F');
    expect(doc.score.reasons.join(' ')).toMatch(/Likelihood is high: 1 principal from outside the account/);
  });

  it('holds a good estate to one letter above its weakest scope', () => {
    const good = (scope: string) =>
      clean().map((f) =>
        finding({ ...f, scope, resource: { ...f.resource, id: `${scope}-${f.resource.id}` } }),
      );
    const weak = [
      ...good('444455556666').filter((f) => f.pillar !== 'egress-control'),
      finding({
        control: 'egress-restriction',
        status: 'fail',
        scope: '444455556666',
        resource: { id: 'sg-x', type: 'AWS::EC2::SecurityGroup' },
      }),
      finding({
        control: 'creation-guardrails',
        status: 'fail',
        scope: '444455556666',
        resource: { id: 'acct', type: 'AWS::Account' },
      }),
    ];
    const many = Array.from({ length: 9 }, (_, i) => good(`10000000000${i}`)).flat();
    const scopes = [
      ...Array.from({ length: 9 }, (_, i) => ({
        provider: 'aws',
        id: `10000000000${i}`,
        status: 'assessed' as const,
        score: scoreRisk({ findings: good(`10000000000${i}`) }),
      })),
      {
        provider: 'aws',
        id: '444455556666',
        status: 'assessed' as const,
        score: scoreRisk({ findings: weak }),
      },
    ];
    const estate = scoreEstate({ findings: [...many, ...weak] }, scopes);
    const weakest = scopes[9]?.score.grade;
    expect(weakest).toBe('D');
    expect(scoreRisk({ findings: [...many, ...weak] }).grade).toBe('B');
    expect(estate.grade).toBe('C');
    expect(estate.reasons.join(' ')).toContain(
      'The estate is held to C or worse because the weakest scope, aws 444455556666, is graded D',
    );
  });
});
