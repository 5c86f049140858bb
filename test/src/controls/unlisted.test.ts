import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  denied,
  errorFile,
  p,
  REGION,
  SG,
  wellRunEstate,
  without,
} from '../../helpers/aws-estate.js';

const instances = p('ec2', 'DescribeInstances');

describe('when instances cannot be listed', () => {
  it('every instance- and network-grain control says so for the region instead of staying silent', async () => {
    const files = without(wellRunEstate(), instances);
    files[errorFile(instances)] = denied('DescribeInstances');
    const { findings } = await assessFiles(files);
    for (const control of [
      'flow-logging',
      'flow-retention',
      'metric-logging',
      'dns-logging',
      'egress-restriction',
      'ownership-tagging',
    ]) {
      const region = findings.filter((f) => f.control === control);
      expect(region, control).toEqual([
        expect.objectContaining({
          status: 'unassessed',
          resource: { id: `${ACCOUNT}/${REGION}`, type: 'AWS::Region', name: REGION },
          reason: expect.stringMatching(
            /Instances \(ec2 DescribeInstances\) could not be read: access was denied/,
          ),
        }),
      ]);
    }
  });

  it('an enabled region with no evidence at all is unassessed, not clean', async () => {
    const files = wellRunEstate();
    files[p('ec2', 'DescribeRegions')] = {
      Regions: [
        { RegionName: REGION, OptInStatus: 'opt-in-not-required' },
        { RegionName: 'ap-southeast-2', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
      ],
    };
    const { findings } = await assessFiles(files);
    const sydney = findings.filter((f) => f.region === 'ap-southeast-2');
    expect(new Set(sydney.map((f) => f.status))).toEqual(new Set(['unassessed', 'pass']));
    expect(sydney.find((f) => f.control === 'threat-detection')?.reason).toMatch(
      /enabled but no evidence was collected/,
    );
    expect(sydney.find((f) => f.control === 'audit-logging')?.status).toBe('pass');
    expect(findings.some((f) => f.region === 'af-south-1')).toBe(false);
  });
});

describe('when security groups cannot be listed', () => {
  it('each group attached to an instance is unassessed by id', async () => {
    const groups = p('ec2', 'DescribeSecurityGroups');
    const files = without(wellRunEstate(), groups);
    files[errorFile(groups)] = denied('DescribeSecurityGroups');
    const sg = (await assessFiles(files)).of('egress-restriction').find((f) => f.resource.id === SG);
    expect(sg).toMatchObject({ status: 'unassessed', resource: { type: 'AWS::EC2::SecurityGroup' } });
  });
});
