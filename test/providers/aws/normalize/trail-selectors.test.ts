import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  edit,
  errorFile,
  type Files,
  p,
  REGION,
  wellRunEstate,
  without,
} from '../../../helpers/aws-estate.js';

const selectors = p('cloudtrail', 'GetEventSelectors', 'main');
const withAdvanced = (...advanced: { Name?: string; FieldSelectors: Record<string, unknown>[] }[]) =>
  edit<Record<string, unknown>>(wellRunEstate(), selectors, (s) => {
    delete s.EventSelectors;
    s.AdvancedEventSelectors = advanced;
  });
const auditLogging = async (files: Files) => (await assessFiles(files)).of('audit-logging')[0];

describe('advanced event selectors', () => {
  it('passes a Management selector that only excludes KMS and RDS Data API events', async () => {
    const f = await auditLogging(
      withAdvanced({
        Name: 'Management events selector',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'eventSource', NotEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        ],
      }),
    );
    expect(f?.status).toBe('pass');
  });

  it('passes write-only management selection (readOnly = false)', async () => {
    const f = await auditLogging(
      withAdvanced({
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      }),
    );
    expect(f?.status).toBe('pass');
  });

  it('fails read-only management selection', async () => {
    const f = await auditLogging(
      withAdvanced({
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['true'] },
        ],
      }),
    );
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/does not select management write events/);
  });

  it('fails a selector whose eventSource excludes EC2 by prefix', async () => {
    const f = await auditLogging(
      withAdvanced({
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'eventSource', NotStartsWith: ['ec2.'] },
        ],
      }),
    );
    expect(f?.status).toBe('fail');
  });

  it('fails a trail that only logs S3 data events', async () => {
    const f = await auditLogging(
      withAdvanced({
        Name: 'S3 objects',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        ],
      }),
    );
    expect(f?.status).toBe('fail');
  });

  it('passes when one of several selectors selects management writes (selectors are ORed)', async () => {
    const f = await auditLogging(
      withAdvanced(
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          ],
        },
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ),
    );
    expect(f?.status).toBe('pass');
  });

  it('fails a selector that records only named callers', async () => {
    const f = await auditLogging(
      withAdvanced({
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'userIdentity.arn', StartsWith: [`arn:aws:sts::${ACCOUNT}:assumed-role/admin/`] },
        ],
      }),
    );
    expect(f?.status).toBe('fail');
  });
});

describe('basic event selectors', () => {
  it('fails a trail whose only selector has IncludeManagementEvents false (data events only)', async () => {
    const files = edit<{ EventSelectors: Record<string, unknown>[] }>(wellRunEstate(), selectors, (s) => {
      s.EventSelectors = [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: false,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
        },
      ];
    });
    expect((await auditLogging(files))?.status).toBe('fail');
  });
});

describe('an organization trail seen from a member account', () => {
  const mgmt = '999999999999';
  const orgArn = `arn:aws:cloudtrail:${REGION}:${mgmt}:trail/org`;
  const orgTrail = {
    Name: 'org',
    TrailARN: orgArn,
    HomeRegion: REGION,
    IsMultiRegionTrail: true,
    IsOrganizationTrail: true,
    HasCustomEventSelectors: true,
    S3BucketName: 'org-trail-bucket',
  };
  /** The member lists the org trail; it can read the status by ARN but not the selectors. */
  function memberView(): Files {
    const files = edit<{ trailList: unknown[] }>(
      without(wellRunEstate(), p('cloudtrail', 'GetTrailStatus', 'main'), selectors),
      p('cloudtrail', 'DescribeTrails'),
      (t) => {
        t.trailList = [orgTrail];
      },
    );
    files[p('cloudtrail', 'GetTrailStatus', 'org')] = { IsLogging: true };
    files[errorFile(p('cloudtrail', 'GetEventSelectors', 'org'))] = {
      Code: 'TrailNotFoundException',
      Message: `Unknown trail: ${orgArn} for the user: ${ACCOUNT}`,
      HttpStatus: 400,
    };
    return files;
  }

  it('is unassessed from the member alone: the selectors can only be read in the management account', async () => {
    const f = await auditLogging(memberView());
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(
      /organization trail org: cloudtrail GetEventSelectors failed \(TrailNotFoundException\)/,
    );
  });

  it('passes once the management account view of the same trail is in the bundle', async () => {
    const files = memberView();
    files[p('sts', 'GetCallerIdentity', undefined, 'global', mgmt)] = {
      Account: mgmt,
      Arn: `arn:aws:sts::${mgmt}:assumed-role/audit/x`,
    };
    files[p('organizations', 'DescribeOrganization', undefined, 'global', mgmt)] = {
      Organization: { Id: 'o-exampleorg', MasterAccountId: mgmt },
    };
    files[p('cloudtrail', 'DescribeTrails', undefined, REGION, mgmt)] = { trailList: [orgTrail] };
    files[p('cloudtrail', 'GetTrailStatus', 'org', REGION, mgmt)] = { IsLogging: true };
    files[p('cloudtrail', 'GetEventSelectors', 'org', REGION, mgmt)] = {
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    };
    const member = (await assessFiles(files)).of('audit-logging').find((f) => f.scope === ACCOUNT);
    expect(member?.status).toBe('pass');
    expect(member?.reason).toMatch(/organization trail org records management write events/);
  });
});
