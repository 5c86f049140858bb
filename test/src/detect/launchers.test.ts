import { describe, expect, it } from 'vitest';
import { type DetectResult, runDetection } from '../../../src/detect/run.js';
import { type Detection, detectionSchema } from '../../../src/model/detection.js';
import { loadPolicy } from '../../../src/policy/load.js';
import { activity, at, auditDigest, fuseDigests, launch, plateau } from './digest-builder.js';

const base = 'test/fixtures/telemetry/launchers';
const now = new Date('2026-11-21T00:00:00Z');

async function detect(folder: string, policy?: string, workers = 0): Promise<DetectResult> {
  return runDetection({
    telemetry: `${base}/${folder}/telemetry`,
    policy: loadPolicy(policy ? `${base}/${policy}` : undefined),
    now,
    workers,
  });
}

function byInstance(r: DetectResult, suffix: string): Detection {
  const d = r.detections.find((x) => x.instance.id.endsWith(suffix));
  if (!d) throw new Error(`no detection for ${suffix}`);
  expect(detectionSchema.parse(d)).toEqual(d);
  return d;
}

describe('launches through a service are charged to whoever asked for the capacity (AWS)', () => {
  it('a stolen key that resized a scaling group with a new template is the creator of what the group launched next', async () => {
    const r = await detect('aws-fleet-and-scaling-group', 'aws-fleet-and-scaling-group/policy.yaml');
    const d = byInstance(r, 'i-0a5c00000000000c2');
    expect(d).toMatchObject({
      verdict: 'likely-mining',
      createdBy: 'arn:aws:iam::111122223333:user/svc-backup',
      createdThrough: {
        service: 'autoscaling.amazonaws.com',
        action: 'UpdateAutoScalingGroup',
        by: 'arn:aws:iam::111122223333:user/svc-backup',
        at: '2026-11-20T11:00:00Z',
      },
    });
    expect(d.legs.creation.detail).toMatch(
      /launched by autoscaling\.amazonaws\.com for group web-asg on a request: UpdateAutoScalingGroup by arn:aws:iam::111122223333:user\/svc-backup at 2026-11-20T11:00:00Z \(group web-asg, desired 2, max 2, template lt-0b1a2c3d4e5f60001 version 2\); not an approved creator/,
    );
    // The group's first instance came from the approved pipeline's own request: still explained.
    expect(byInstance(r, 'i-0a5c00000000000c1')).toMatchObject({
      verdict: 'benign-explained',
      createdBy: 'arn:aws:sts::111122223333:assumed-role/platform-deployer/gha-deploy-41',
      createdThrough: { action: 'CreateAutoScalingGroup' },
    });
  });

  it('an instant fleet launched with the caller’s own identity is the caller’s, and names CreateFleet', async () => {
    const r = await detect('aws-fleet-and-scaling-group', 'aws-fleet-and-scaling-group/policy.yaml');
    const d = byInstance(r, 'i-0f1ee7000000000d1');
    expect(d).toMatchObject({
      verdict: 'likely-mining',
      createdBy: 'arn:aws:iam::111122223333:user/svc-backup',
      createdThrough: {
        service: 'ec2fleet.amazonaws.com',
        action: 'CreateFleet',
        at: '2026-11-20T12:00:00Z',
      },
    });
    expect(d.explanation).toMatch(/through EC2 Fleet on a request: CreateFleet by .*user\/svc-backup/);
    expect(d.explanation).toMatch(/not an approved creator/);
  });

  it('gives the same output with reading threads as without', async () => {
    const here = await detect('aws-fleet-and-scaling-group', 'aws-fleet-and-scaling-group/policy.yaml', 0);
    const threads = await detect('aws-fleet-and-scaling-group', 'aws-fleet-and-scaling-group/policy.yaml', 2);
    expect(threads).toEqual(here);
  });
});

describe('Azure and GCP: a scale set or managed instance group resized by someone else', () => {
  it('charges the scale-set member first seen after a capacity change to whoever changed it', async () => {
    const r = await detect('azure-scale-set-resized', 'azure-policy.yaml');
    const member = byInstance(r, 'vmss-web/virtualmachines/7');
    expect(member).toMatchObject({
      verdict: 'likely-mining',
      createdBy: 'contractor@fabrikam.example',
      createdThrough: { service: 'scale set', action: 'MICROSOFT.COMPUTE/VIRTUALMACHINESCALESETS/WRITE' },
    });
    expect(member.legs.creation.detail).toMatch(
      /\(scale set vmss-web, capacity 10\) is the latest change to it before it was first seen 2026-11-20T11:10:00Z; not an approved creator/,
    );
    // The member that ran before the change is still the platform team's.
    expect(byInstance(r, 'vmss-web/virtualmachines/0')).toMatchObject({
      verdict: 'benign-explained',
      createdBy: 'platform@fabrikam.example',
    });
  });

  it('charges the instance a managed instance group inserted after a resize to whoever resized it', async () => {
    const r = await detect('gcp-mig-resized', 'gcp-policy.yaml');
    expect(byInstance(r, '4815162342000000012')).toMatchObject({
      verdict: 'likely-mining',
      createdBy: 'ci-runner@acme-prod.iam.gserviceaccount.com',
      createdThrough: {
        service: 'a managed instance group',
        action: 'v1.compute.instanceGroupManagers.resize',
        at: '2026-11-20T11:00:00Z',
      },
    });
    expect(byInstance(r, '4815162342000000011')).toMatchObject({
      verdict: 'benign-explained',
      createdBy: 'deploy@acme-prod.iam.gserviceaccount.com',
      createdThrough: { action: 'v1.compute.instanceGroupManagers.insert' },
    });
  });
});

describe('a launch template changed under an approved scaling group', () => {
  it('charges the group’s next launch from that template to whoever changed the template', () => {
    const d = auditDigest('trail.json');
    activity(d, 'us-east-1', '06:00', '16:00');
    const asked = (time: string, principal: string, action: string, keys: string[]) =>
      d.capacity.push({
        provider: 'aws',
        scope: '111122223333',
        time: at(time),
        keys,
        principal,
        action,
        service: 'Auto Scaling',
        file: d.file,
        pointer: `/Records/${20 + d.capacity.length}`,
      });
    asked('07:30', 'arn:aws:iam::111122223333:role/platform-deployer', 'CreateAutoScalingGroup', [
      'asg:us-east-1/web',
    ]);
    asked('10:55', 'arn:aws:iam::111122223333:user/svc-backup', 'CreateLaunchTemplateVersion', [
      'lt:us-east-1/lt-1',
    ]);
    launch(d, 'i-0000000000000ccc1', '11:05', {
      principal: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
      principalRole:
        'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      invokedBy: 'autoscaling.amazonaws.com',
      group: 'web',
      capacityKeys: ['asg:us-east-1/web', 'lt:us-east-1/lt-1'],
    });
    plateau(d, 'i-0000000000000ccc1', '11:10');
    const detection = fuseDigests([d], ['arn:aws:iam::111122223333:role/platform-deployer']).detections[0];
    expect(detection).toMatchObject({
      verdict: 'likely-mining',
      createdBy: 'arn:aws:iam::111122223333:user/svc-backup',
      createdThrough: { action: 'CreateLaunchTemplateVersion' },
    });
  });
});
