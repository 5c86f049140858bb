import { describe, expect, it } from 'vitest';
import { catalog } from '../../../src/controls/catalog.js';
import { evaluateControls } from '../../../src/controls/engine.js';
import { unknown } from '../../../src/model/evidence.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { WaiverBook } from '../../../src/policy/waivers.js';
import { testPolicy } from '../../helpers/aws-estate.js';
import {
  type Cloud,
  destination,
  type EstateBuilder,
  estate,
  rule,
  shapes,
} from '../../helpers/inventory-builder.js';

const policy = testPolicy();
const NOW = new Date('2026-11-21T00:00:00Z');
const clouds: Cloud[] = ['aws', 'azure', 'gcp'];

function judge(inv: Inventory, control: string): Finding[] {
  const c = catalog.find((x) => x.id === control);
  if (!c) throw new Error(control);
  return evaluateControls(inv, policy, new WaiverBook([], NOW), [c]);
}

/** The one finding a control gives about `resource` (default: any). */
function verdict(b: EstateBuilder, control: string, resource?: string): Finding {
  const found = judge(b.build(), control).filter((f) => !resource || f.resource.id === resource);
  expect(found.length, `${control} findings about ${resource ?? 'anything'}`).toBeGreaterThan(0);
  return found[0] as Finding;
}

const hosted = (cloud: Cloud) => estate(cloud).network().instance();

/** compliant / non-compliant / unassessed per control, on every cloud's shapes (cdk-nag style pairs). */
const cases: Record<
  string,
  {
    pass: (c: Cloud) => EstateBuilder;
    fail: (c: Cloud) => EstateBuilder;
    unassessed: (c: Cloud) => EstateBuilder;
  }
> = {
  'audit-logging': {
    pass: (c) => estate(c).trail(),
    fail: (c) => estate(c).trail({ logging: false }),
    unassessed: (c) => estate(c).gap('audit-logs'),
  },
  'audit-retention': {
    pass: (c) => estate(c).trail({}, [destination(400)]),
    fail: (c) => estate(c).trail({}, [destination(90)]),
    unassessed: (c) =>
      estate(c).trail({}, [
        { ...destination(1), retentionDays: unknown('lifecycle rules were not collected') },
      ]),
  },
  'flow-logging': {
    pass: (c) => hosted(c).flowLog(),
    fail: (c) => hosted(c).flowLog({ traffic: 'reject' }),
    unassessed: (c) => hosted(c).gap('flow-logs', c === 'gcp' ? 'global' : shapes[c].region),
  },
  'flow-retention': {
    pass: (c) => hosted(c).flowLog({}, [destination(120)]),
    fail: (c) => hosted(c).flowLog({}, [destination(14)]),
    unassessed: (c) =>
      hosted(c).flowLog({}, [{ ...destination(1), retentionDays: unknown('not collected') }]),
  },
  'metric-logging': {
    pass: (c) => hosted(c).alarm(),
    fail: (c) => hosted(c).alarm({ notifies: false }),
    unassessed: (c) =>
      estate(c)
        .network()
        .instance({ cpuResolutionMinutes: unknown('monitoring not collected') }),
  },
  'dns-logging': {
    pass: (c) => hosted(c).dnsLog(),
    fail: (c) => hosted(c),
    unassessed: (c) => hosted(c).gap('dns-query-logs', c === 'gcp' ? 'global' : shapes[c].region),
  },
  'creation-permissions': {
    pass: (c) => estate(c),
    fail: (c) => {
      const b = estate(c);
      b.inv.creators.push({
        provider: c,
        scope: shapes[c].scope,
        principal: { id: `${c}-ci-principal`, type: 'user' },
        path: 'direct',
        kind: 'user',
        actions: ['create-instance'],
        via: [],
        external: false,
        approved: false,
        rank: 1,
        grants: [],
        evidence: [],
      });
      return b;
    },
    unassessed: (c) =>
      new (estate(c).constructor as new (c: Cloud) => EstateBuilder)(c).scope({ identityEvaluated: false }),
  },
  'creation-guardrails': {
    pass: (c) => {
      const b = new (estate(c).constructor as new (c: Cloud) => EstateBuilder)(c).scope({
        organization: {
          organizationId: 'org-1',
          managementScope: 'root-scope',
          isManagement: false,
          path: ['root'],
        },
      });
      b.inv.guardrails.push({
        provider: c,
        scope: 'root-scope',
        region: 'global',
        id: 'allowed-locations',
        type: 'guardrail',
        evidence: [],
        targets: ['root'],
        effects: ['restricts-regions'],
        details: [],
      });
      return b;
    },
    fail: (c) => estate(c),
    unassessed: (c) => estate(c).gap('organization', 'global'),
  },
  'threat-detection': {
    pass: (c) => estate(c).detector(true),
    fail: (c) => estate(c).detector(false),
    unassessed: (c) => estate(c).gap('threat-detectors'),
  },
  'cost-anomaly': {
    pass: (c) => estate(c).costMonitor(true),
    fail: (c) => estate(c).costMonitor(false),
    unassessed: (c) => estate(c).gap('cost-monitors', 'global'),
  },
  'ownership-tagging': {
    pass: (c) => hosted(c),
    fail: (c) => estate(c).network().instance({ tags: {} }),
    unassessed: (c) => estate(c).network().gap('workloads'),
  },
};

describe('every control judges every cloud alike: pass, fail and unassessed on native-shaped items', () => {
  for (const [control, make] of Object.entries(cases))
    for (const cloud of clouds)
      it(`${control} on ${cloud}`, () => {
        expect(verdict(make.pass(cloud), control).status, 'pass case').toBe('pass');
        expect(verdict(make.fail(cloud), control).status, 'fail case').toBe('fail');
        expect(verdict(make.unassessed(cloud), control).status, 'unassessed case').toBe('unassessed');
      });

  it('covers the whole catalog', () => {
    expect(Object.keys(cases).sort()).toEqual(
      catalog
        .map((c) => c.id)
        .filter((id) => id !== 'egress-restriction')
        .sort(),
    );
  });

  it('speaks each cloud’s words in reasons', () => {
    expect(verdict(estate('aws').gap('cost-monitors', 'global'), 'cost-anomaly').reason).toMatch(
      /account 1111/,
    );
    expect(verdict(estate('azure'), 'cost-anomaly').reason).toMatch(
      /No cost anomaly alert covers subscription/,
    );
    expect(verdict(estate('gcp'), 'cost-anomaly').reason).toMatch(/No budget covers project shop-prod/);
  });
});

describe('egress on ordered, prioritised rules with deny (every firewall level)', () => {
  const az = shapes.azure;
  /** Azure's default outbound rules, as NSGs carry them. */
  const nsgDefaults = [
    rule('allow', '10.0.0.0/16', 'all', { priority: 65000, implied: true }),
    rule('allow', '0.0.0.0/0', 'all', { priority: 65001, implied: true }),
    rule('deny', '*', 'all', { priority: 65500, implied: true }),
  ];

  it('aws: a security group open to 0.0.0.0/0 fails; one limited to 443 passes; an unlisted one is unassessed', () => {
    const open = hosted('aws').firewall('interface', [rule('allow', '0.0.0.0/0')]);
    expect(verdict(open, 'egress-restriction', shapes.aws.firewall)).toMatchObject({
      status: 'fail',
      severity: 'high',
    });
    const web = hosted('aws').firewall('interface', [
      { ...rule('allow', '0.0.0.0/0', { from: 443, to: 443 }), protocol: 'tcp' },
    ]);
    expect(verdict(web, 'egress-restriction', shapes.aws.firewall).status).toBe('pass');
    expect(verdict(hosted('aws').gap('firewalls'), 'egress-restriction', shapes.aws.firewall).status).toBe(
      'unassessed',
    );
  });

  it('azure: the default AllowInternetOutBound opens everything on a NIC NSG with no rules of its own', () => {
    const f = verdict(hosted('azure').firewall('interface', nsgDefaults), 'egress-restriction', az.firewall);
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
    expect(f.reason).toMatch(/^Network security group .* allows all outbound traffic to the internet/);
  });

  it('azure: a deny at a higher priority closes what a later allow (and the default) opens', () => {
    const b = hosted('azure').firewall('interface', [
      rule('deny', '0.0.0.0/0', 'all', { priority: 100 }),
      rule('allow', '0.0.0.0/0', 'all', { priority: 200 }),
      ...nsgDefaults,
    ]);
    expect(verdict(b, 'egress-restriction', az.firewall).status).toBe('pass');
  });

  it('azure: an allow at a higher priority wins over a later deny', () => {
    const b = hosted('azure').firewall('interface', [
      rule('allow', '0.0.0.0/0', 'all', { priority: 100 }),
      rule('deny', '0.0.0.0/0', 'all', { priority: 200 }),
      ...nsgDefaults,
    ]);
    expect(verdict(b, 'egress-restriction', az.firewall).status).toBe('fail');
  });

  it('azure: traffic must also pass the subnet NSG, which can contain an open NIC NSG', () => {
    const b = hosted('azure')
      .firewall('interface', nsgDefaults)
      .firewall('subnet', [rule('deny', '0.0.0.0/0', 'all', { priority: 100 }), ...nsgDefaults]);
    expect(verdict(b, 'egress-restriction', az.firewall).status).toBe('pass');
  });

  it('azure: a NIC with no NSG on it or its subnet is open, and the finding is on the NIC', () => {
    const f = verdict(estate('azure').network().instance({}, []), 'egress-restriction', az.nic);
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
    expect(f.reason).toMatch(/has no network security group and no subnet network security group/);
  });

  it('azure: only a subnet NSG filters: it is the first line, judged at full severity', () => {
    const f = verdict(
      estate('azure').network().instance({}, []).firewall('subnet', nsgDefaults),
      'egress-restriction',
      az.subnetList,
    );
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
  });

  it('azure: a route of 0.0.0.0/0 to nowhere closes the path', () => {
    const b = estate('azure')
      .network([{ destination: '0.0.0.0/0', target: 'blackhole' }])
      .instance()
      .firewall('interface', nsgDefaults);
    expect(verdict(b, 'egress-restriction', az.firewall).status).toBe('pass');
  });

  const g = shapes.gcp;
  const implied = rule('allow', '0.0.0.0/0', 'all', { priority: 65535, implied: true });

  it('gcp: the implied allow-all egress rule opens the network when nothing denies', () => {
    const f = verdict(
      hosted('gcp').firewall('network', [implied], { tier: 9 }),
      'egress-restriction',
      g.network,
    );
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
    expect(f.reason).toMatch(/implied allow-all egress rule/);
  });

  it('gcp: an egress deny by priority closes it', () => {
    const b = hosted('gcp').firewall(
      'network',
      [rule('deny', '0.0.0.0/0', 'all', { priority: 1000 }), implied],
      {
        tier: 9,
      },
    );
    expect(verdict(b, 'egress-restriction', g.network).status).toBe('pass');
  });

  it('gcp: a deny aimed at a network tag the instance lacks does not apply to it', () => {
    const b = hosted('gcp').firewall(
      'network',
      [rule('deny', '0.0.0.0/0', 'all', { priority: 1000, targets: { tags: ['locked-down'] } }), implied],
      { tier: 9 },
    );
    expect(verdict(b, 'egress-restriction', g.network).status).toBe('fail');
    const tagged = estate('gcp')
      .network()
      .instance({ networkTags: ['locked-down'] })
      .firewall(
        'network',
        [rule('deny', '0.0.0.0/0', 'all', { priority: 1000, targets: { tags: ['locked-down'] } }), implied],
        {
          tier: 9,
        },
      );
    expect(verdict(tagged, 'egress-restriction', g.network).status).toBe('pass');
  });

  it('gcp: a hierarchical policy decides first; goto_next hands the traffic to the VPC rules', () => {
    const denyAtOrg = hosted('gcp')
      .firewall('network', [rule('deny', '0.0.0.0/0', 'all', { priority: 10 })], {
        tier: 0,
        networkId: undefined,
      })
      .firewall('network', [implied], { tier: 9 });
    expect(verdict(denyAtOrg, 'egress-restriction', g.network).status).toBe('pass');
    const nextAtOrg = hosted('gcp')
      .firewall('network', [rule('next', '0.0.0.0/0', 'all', { priority: 10 })], {
        tier: 0,
        networkId: undefined,
      })
      .firewall('network', [implied], { tier: 9 });
    expect(verdict(nextAtOrg, 'egress-restriction', g.network).status).toBe('fail');
  });

  it('gcp: mining ports only, when the rest is denied', () => {
    const b = hosted('gcp').firewall(
      'network',
      [
        { ...rule('allow', '0.0.0.0/0', { from: 3333, to: 3333 }, { priority: 900 }), protocol: 'tcp' },
        rule('deny', '0.0.0.0/0', 'all', { priority: 1000 }),
        implied,
      ],
      { tier: 9 },
    );
    const f = verdict(b, 'egress-restriction', g.network);
    expect(f).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(f.reason).toMatch(/mining port 3333/);
  });

  it('gcp: unreadable firewall rules leave the network unassessed, never open or closed', () => {
    const f = verdict(
      estate('gcp').network().instance({}, []).gap('firewalls', 'global'),
      'egress-restriction',
      g.network,
    );
    expect(f.status).toBe('unassessed');
    expect(f.reason).toMatch(/Cannot judge egress of network/);
  });
});

describe('each cloud’s own semantics, through the same controls', () => {
  const whole = (c: Cloud) =>
    estate(c).inv.scopes.map((s) => ({
      ...s,
      regions: [{ name: 'global', enabled: true, collected: true }],
    }));

  it('a scope judged as a whole (one global pseudo-region) is the subject, and reasons name it', () => {
    const b = estate('azure');
    b.inv.scopes = whole('azure');
    const f = verdict(b.detector(false, 'global'), 'threat-detection');
    expect(f.resource).toMatchObject({ id: shapes.azure.scope, type: 'Microsoft.Resources/subscriptions' });
    expect(f.reason).toBe(
      `Threat detection is off in subscription ${shapes.azure.scope}: Defender for Servers (${shapes.azure.scope}/detector) is on the Free tier.`,
    );
  });

  it('azure: the Activity Log kept only by the platform is no audit logging, and its 90 days fail a year', () => {
    const b = estate('azure');
    b.inv.scopes = whole('azure');
    b.trail({ platform: true, name: 'Activity Log (platform copy only)', homeRegion: 'global' }, [
      destination(90),
    ]);
    const logging = verdict(b, 'audit-logging');
    expect(logging.status).toBe('fail');
    expect(logging.reason).toMatch(/platform keeps the Activity Log for 90 days/);
    expect(verdict(b, 'audit-retention').status).toBe('fail');
  });

  it('gcp: a subnet flow log sampling below flow.minSampling, or filtering, does not count', () => {
    const low = verdict(hosted('gcp').flowLog({ sampling: 0.1, traffic: 'accept' }), 'flow-logging');
    expect(low.status).toBe('fail');
    expect(low.reason).toMatch(/samples 10% of flows, below the 0\.5/);
    const filtered = verdict(
      hosted('gcp').flowLog({ filter: 'connection.dest_port == 443' }),
      'flow-logging',
    );
    expect(filtered.reason).toMatch(/records only flows matching its filter/);
    expect(verdict(hosted('gcp').flowLog({ sampling: 0.5 }), 'flow-logging').status).toBe('pass');
  });

  it('gcp: with VM Threat Detection off, Event Threat Detection is said to see only pool contacts', () => {
    const b = estate('gcp').detector(false);
    const d = b.inv.threatDetectors[0];
    if (d)
      d.note =
        'Event Threat Detection is on, but it sees only contacts with known pools, not the miner running inside the VM';
    expect(verdict(b, 'threat-detection').reason).toMatch(
      /VM Threat Detection .* is disabled; Event Threat Detection is on/,
    );
  });

  it('a route to an internet gateway that needs a public address contains an instance without one', () => {
    const b = estate('gcp')
      .network([{ destination: '0.0.0.0/0', target: 'internet-gateway', needsPublicIp: true }])
      .instance({}, [])
      .firewall('network', [rule('allow', '0.0.0.0/0', 'all', { priority: 65535, implied: true })], {
        tier: 9,
      });
    expect(verdict(b, 'egress-restriction', shapes.gcp.network).status).toBe('pass');
  });
});
