import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  edit,
  type Files,
  p,
  REGION,
  VPC,
  wellRunEstate,
} from '../../../helpers/aws-estate.js';

const OWNER = '210987654321';
type Vpcs = { Vpcs: Record<string, unknown>[] };
type FlowLogs = { FlowLogs: unknown[] };
type Associations = { ResolverQueryLogConfigAssociations: Record<string, unknown>[] };
const flowLogs = p('ec2', 'DescribeFlowLogs');
const configs = p('route53resolver', 'ListResolverQueryLogConfigs');
const associations = p('route53resolver', 'ListResolverQueryLogConfigAssociations');

/** The participant's instance runs in a VPC the network account shares through RAM; the participant keeps no logs. */
function participant(): Files {
  const files = edit<Vpcs>(wellRunEstate(), p('ec2', 'DescribeVpcs'), (v) => {
    v.Vpcs[0] = { ...v.Vpcs[0], OwnerId: OWNER };
  });
  (files[flowLogs] as FlowLogs).FlowLogs = [];
  (files[associations] as Associations).ResolverQueryLogConfigAssociations = [];
  return files;
}

function withOwner(files: Files): Files {
  const owner = wellRunEstate();
  for (const op of [flowLogs, associations, configs, p('logs', 'DescribeLogGroups')]) {
    files[op.replace(ACCOUNT, OWNER)] = owner[op];
  }
  files[p('sts', 'GetCallerIdentity', undefined, 'global', OWNER)] = {
    Account: OWNER,
    Arn: `arn:aws:sts::${OWNER}:assumed-role/audit/x`,
  };
  return files;
}

describe('a VPC shared into the account (RAM)', () => {
  it('is unassessed, not failed, when the owning account was not collected', async () => {
    const { of } = await assessFiles(participant());
    const flow = of('flow-logging').find((f) => f.resource.id === VPC);
    expect(flow?.status).toBe('unassessed');
    expect(flow?.reason).toMatch(`shared by account ${OWNER}`);
    expect(of('dns-logging').find((f) => f.resource.id === VPC)?.status).toBe('unassessed');
  });

  it("passes on the owner's flow log and resolver association for that VPC", async () => {
    const { of } = await assessFiles(withOwner(participant()));
    const flow = of('flow-logging').find((f) => f.scope === ACCOUNT && f.resource.id === VPC);
    expect(flow?.status).toBe('pass');
    expect(of('dns-logging').find((f) => f.scope === ACCOUNT)?.status).toBe('pass');
  });
});

describe('resolver query logging states', () => {
  it('does not count an association whose status is ACTION_NEEDED or FAILED', async () => {
    const files = edit<Associations>(wellRunEstate(), associations, (a) => {
      a.ResolverQueryLogConfigAssociations = [
        {
          ResolverQueryLogConfigId: 'rqlc-1',
          ResourceId: VPC,
          Status: 'ACTION_NEEDED',
          Error: 'DESTINATION_NOT_FOUND',
        },
      ];
    });
    expect((await assessFiles(files)).of('dns-logging')[0]?.status).toBe('fail');
  });

  it('does not count a configuration that FAILED', async () => {
    const files = edit<{ ResolverQueryLogConfigs: Record<string, unknown>[] }>(
      wellRunEstate(),
      configs,
      (c) => {
        c.ResolverQueryLogConfigs[0] = { ...c.ResolverQueryLogConfigs[0], Status: 'FAILED' };
      },
    );
    expect((await assessFiles(files)).of('dns-logging')[0]?.status).toBe('fail');
  });

  it('finds a configuration shared from another account by its id', async () => {
    const files = wellRunEstate();
    (files[configs] as { ResolverQueryLogConfigs: unknown[] }).ResolverQueryLogConfigs = [];
    (files[associations] as Associations).ResolverQueryLogConfigAssociations[0] = {
      ResolverQueryLogConfigId: 'rqlc-shared',
      ResourceId: VPC,
      Status: 'ACTIVE',
    };
    files[p('route53resolver', 'ListResolverQueryLogConfigs', undefined, REGION, OWNER)] = {
      ResolverQueryLogConfigs: [
        {
          Id: 'rqlc-shared',
          Name: 'org-dns',
          OwnerId: OWNER,
          Status: 'CREATED',
          ShareStatus: 'SHARED_BY_ME',
          DestinationArn: 'arn:aws:s3:::dns-archive',
        },
      ],
    };
    const { inventory, of } = await assessFiles(files);
    expect(of('dns-logging').find((f) => f.scope === ACCOUNT)?.reason).toMatch(/logged by org-dns/);
    expect(inventory.dnsQueryLogs.find((d) => d.id === 'rqlc-shared')?.destinations[0]?.id).toBe(
      'arn:aws:s3:::dns-archive',
    );
  });
});
