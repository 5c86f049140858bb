import { describe, expect, it } from 'vitest';
import { type DetectResult, runDetection } from '../../../src/detect/run.js';
import { detectionSchema } from '../../../src/model/detection.js';
import { loadPolicy } from '../../../src/policy/load.js';

const base = 'test/fixtures/telemetry/launchers';
const now = new Date('2026-11-21T00:00:00Z');

async function detect(folder: string, policy?: string): Promise<DetectResult> {
  return runDetection({
    telemetry: `${base}/${folder}/telemetry`,
    policy: loadPolicy(policy ? `${base}/${policy}` : undefined),
    now,
    workers: 0,
  });
}

describe('container and serverless workloads are subjects of detection', () => {
  it('a Fargate task: who started it, the interface ECS made for it, its pool traffic and its CPU share', async () => {
    const r = await detect('aws-fargate-task');
    const task = r.detections.find((d) => d.instance.kind === 'ECS task');
    expect(task).toMatchObject({
      instance: { id: 'arn:aws:ecs:us-east-1:111122223333:task/default/4f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b' },
      verdict: 'confirmed-mining',
      createdBy: 'arn:aws:iam::111122223333:user/svc-backup',
      destinations: ['107.191.47.239:3333'],
      legs: { creation: { state: 'seen' }, cpu: { state: 'seen' }, network: { state: 'seen' } },
    });
    expect(detectionSchema.parse(task)).toEqual(task);
    // 3,891 of the 4,096 CPU units it reserved: a share of its 4 vCPUs, not of one core.
    expect(task?.legs.cpu.detail).toMatch(/median 95%/);
    // The interface a caller described as the task's own is not the task's: its traffic stays apart.
    expect(r.detections.map((d) => d.instance.id)).toContain('eni:eni-0badd00000000d001');
  });

  it('a container group in a virtual network: its private IP ties the flow log’s interface to it; CPU in millicores', async () => {
    const r = await detect('azure-container-group', 'azure-policy.yaml');
    expect(r.detections).toHaveLength(1);
    expect(r.detections[0]).toMatchObject({
      instance: { kind: 'container group' },
      verdict: 'confirmed-mining',
      createdBy: 'contractor@fabrikam.example',
      destinations: ['163.172.114.218:3333'],
    });
    expect(r.detections[0]?.legs.cpu.detail).toMatch(/median 96%/);
  });

  it('a Cloud Run job: who created it and its CPU; the network leg is named blind', async () => {
    const r = await detect('gcp-cloud-run-job', 'gcp-policy.yaml');
    const job = r.detections[0];
    expect(job).toMatchObject({
      instance: { id: 'projects/acme-prod/locations/us-central1/jobs/render-7', kind: 'Cloud Run job' },
      verdict: 'likely-mining',
      createdBy: 'ci-runner@acme-prod.iam.gserviceaccount.com',
      legs: { cpu: { state: 'seen' }, network: { state: 'blind' } },
    });
    expect(r.coverage).toContainEqual(
      expect.objectContaining({ resource: job?.instance.id, leg: 'network', blind: true }),
    );
  });

  it('says why a container’s CPU cannot be judged when what it reserved is unknown', async () => {
    // Without the task's start record its CPU units have no whole to be a share of.
    const r = await runDetection({
      telemetry: `${base}/aws-fargate-task/telemetry/metrics`,
      policy: loadPolicy(),
      now,
      workers: 0,
    });
    expect(r.coverage).toContainEqual(
      expect.objectContaining({
        leg: 'cpu',
        blind: true,
        why: expect.stringMatching(/how many it reserved is unknown/),
      }),
    );
  });
});
