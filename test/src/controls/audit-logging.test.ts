import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  denied,
  edit,
  errorFile,
  type Files,
  p,
  REGION,
  wellRunEstate,
  without,
} from '../../helpers/aws-estate.js';

type Trails = { trailList: Record<string, unknown>[] };
const trails = p('cloudtrail', 'DescribeTrails');

async function auditLogging(files: Files) {
  return (await assessFiles(files)).of('audit-logging');
}

describe('audit-logging (account × region)', () => {
  it('passes when a multi-region trail is logging management writes', async () => {
    const [f] = await auditLogging(wellRunEstate());
    expect(f).toMatchObject({
      status: 'pass',
      region: REGION,
      resource: { id: `${ACCOUNT}/${REGION}`, type: 'AWS::Region' },
    });
    expect(f?.reason).toMatch(/multi-region trail main records management write events/);
  });

  it('fails when the trail is not logging', async () => {
    const files = edit<{ IsLogging: boolean }>(
      wellRunEstate(),
      p('cloudtrail', 'GetTrailStatus', 'main'),
      (s) => {
        s.IsLogging = false;
      },
    );
    const [f] = await auditLogging(files);
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/is not logging/);
  });

  it('fails when the only trail records read-only events', async () => {
    const files = edit<{ EventSelectors: { ReadWriteType: string }[] }>(
      wellRunEstate(),
      p('cloudtrail', 'GetEventSelectors', 'main'),
      (s) => {
        s.EventSelectors[0] = { ...s.EventSelectors[0], ReadWriteType: 'ReadOnly' } as {
          ReadWriteType: string;
        };
      },
    );
    const [f] = await auditLogging(files);
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/does not select management write events/);
  });

  it('counts advanced event selectors on eventCategory Management', async () => {
    const files = edit<Record<string, unknown>>(
      wellRunEstate(),
      p('cloudtrail', 'GetEventSelectors', 'main'),
      (s) => {
        delete s.EventSelectors;
        s.AdvancedEventSelectors = [
          { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ];
      },
    );
    expect((await auditLogging(files))[0]?.status).toBe('pass');
  });

  it('fails a region that a single-region trail in another region does not cover', async () => {
    const files = edit<Trails>(wellRunEstate(), trails, (t) => {
      t.trailList[0] = {
        ...t.trailList[0],
        IsMultiRegionTrail: false,
        HomeRegion: 'eu-west-1',
        TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`,
      };
    });
    const [f] = await auditLogging(files);
    expect(f?.status).toBe('fail');
    expect(f?.reason).toBe(
      `No trail records ${REGION} in account ${ACCOUNT}: instance creation there leaves no audit record.`,
    );
  });

  it('is unassessed when DescribeTrails was denied', async () => {
    const files = without(wellRunEstate(), trails);
    files[errorFile(trails)] = denied('DescribeTrails');
    const [f] = await auditLogging(files);
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/access was denied \(AccessDenied/);
    expect(f?.evidence[0]?.file).toBe(errorFile(trails));
  });

  it('is unassessed, not failed, when the trail status was not collected', async () => {
    const files = without(wellRunEstate(), p('cloudtrail', 'GetTrailStatus', 'main'));
    const [f] = await auditLogging(files);
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/status was not collected/);
  });

  it('recognizes an organization trail listed only in the management account', async () => {
    const files = edit<Trails>(wellRunEstate(), trails, (t) => {
      t.trailList = [];
    });
    const mgmt = '999999999999';
    files[p('sts', 'GetCallerIdentity', undefined, 'global', mgmt)] = {
      Account: mgmt,
      Arn: `arn:aws:sts::${mgmt}:assumed-role/audit/x`,
    };
    files[p('organizations', 'DescribeOrganization', undefined, 'global', mgmt)] = {
      Organization: { Id: 'o-exampleorg', MasterAccountId: mgmt },
    };
    files[p('cloudtrail', 'DescribeTrails', undefined, REGION, mgmt)] = {
      trailList: [
        {
          Name: 'org',
          TrailARN: `arn:aws:cloudtrail:${REGION}:${mgmt}:trail/org`,
          HomeRegion: REGION,
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
        },
      ],
    };
    files[p('cloudtrail', 'GetTrailStatus', 'org', REGION, mgmt)] = { IsLogging: true };
    files[p('cloudtrail', 'GetEventSelectors', 'org', REGION, mgmt)] = {
      EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
    };
    const member = (await auditLogging(files)).find((f) => f.scope === ACCOUNT);
    expect(member?.status).toBe('pass');
    expect(member?.reason).toMatch(/organization trail org/);
  });
});
