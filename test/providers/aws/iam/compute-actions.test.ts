import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ActionCatalog } from '../../../../providers/aws/iam/action-catalog.js';
import { defaultComputeActions, loadComputeActions } from '../../../../providers/aws/iam/compute-actions.js';
import { DOC } from './aws-docs.js';

describe('policies/compute-actions.yaml', () => {
  const list = defaultComputeActions();

  test('every listed action exists in the AWS action catalog', async () => {
    const all = [...list.compute, ...list.escalation].map((a) => a.action);
    const catalog = await ActionCatalog.load(all);
    expect(all.filter((a) => !catalog.get(a))).toEqual([]);
  });

  test('covers the compute services a miner would use', () => {
    const actions = list.compute.map((c) => c.action);
    for (const a of [
      'ec2:RunInstances',
      'ec2:RequestSpotFleet',
      'autoscaling:UpdateAutoScalingGroup',
      'ecs:RunTask',
      'batch:SubmitJob',
      'lambda:UpdateFunctionCode',
      'sagemaker:CreateTrainingJob',
      'eks:CreateNodegroup',
      'lightsail:CreateInstances',
      'codebuild:StartBuild',
      'glue:CreateDevEndpoint',
      'apprunner:CreateService',
      'elasticmapreduce:RunJobFlow',
      'elasticbeanstalk:CreateEnvironment',
      'cloudformation:CreateStack',
    ])
      expect(actions).toContain(a);
    expect(list.escalation.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['assume-role', 'pass-role', 'self-policy', 'sso-assignment']),
    );
  });

  test('RunInstances lists the six resource types a launch touches', () => {
    const run = list.compute.find((c) => c.action === 'ec2:RunInstances');
    expect(run?.resourceTypes, DOC.runInstances).toEqual([
      'instance',
      'image',
      'network-interface',
      'security-group',
      'subnet',
      'volume',
    ]);
  });

  test('the catalog expands wildcards into real actions', async () => {
    const catalog = await ActionCatalog.load([]);
    const run = await catalog.expand('ec2:Run*');
    expect(run).toContain('ec2:RunInstances');
    expect(run.every((a) => a.startsWith('ec2:Run'))).toBe(true);
    expect(await catalog.expand('lightsail:createinstances')).toEqual(['lightsail:CreateInstances']);
  });

  test('a file that breaks the schema is refused with the file and field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-ca-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'version: 1\ncompute:\n  - action: RunInstances\n    reason: no service\nescalation: []\n',
    );
    expect(() => loadComputeActions(file)).toThrow(/bad\.yaml: compute\.0\.action: expected service:Action/);
  });
});
