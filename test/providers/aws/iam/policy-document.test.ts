import { describe, expect, test } from 'vitest';
import { actionMatches, parsePolicyDocument } from '../../../../providers/aws/iam/policy-document.js';
import { DOC } from './aws-docs.js';

const source = {
  name: 'p',
  kind: 'inline' as const,
  label: 'inline:p on x',
  file: 'f.json',
  pointer: '/Doc',
  api: 'iam:X',
};
const doc = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Launch', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
    { Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::logs/*' },
  ],
};

describe('policy documents as found in bundles', () => {
  test.each([
    ['decoded (CLI output)', doc],
    ['a JSON string (Organizations DescribePolicy Content)', JSON.stringify(doc)],
    ['URL-encoded JSON (IAM API and SDK output)', encodeURIComponent(JSON.stringify(doc))],
  ])('%s gives the same statements', (_label, raw) => {
    const r = parsePolicyDocument(raw, source);
    if (!r.ok) throw new Error(r.problem);
    expect(
      r.policy.statements.map((s) => [s.effect, s.ref.statement, s.actions, s.notActions, s.notResources]),
    ).toEqual([
      ['Allow', 'Launch', ['ec2:RunInstances'], null, null],
      ['Deny', 'Statement[1]', null, ['iam:*'], ['arn:aws:s3:::logs/*']],
    ]);
  });

  test('pointers reach each statement of a decoded document, and the document itself when it is a string', () => {
    const decoded = parsePolicyDocument(doc, source);
    const encoded = parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)), source);
    if (!decoded.ok || !encoded.ok) throw new Error('unparsed');
    expect(decoded.policy.statements.map((s) => s.ref.pointer)).toEqual([
      '/Doc/Statement/0',
      '/Doc/Statement/1',
    ]);
    expect(encoded.policy.statements.map((s) => s.ref.pointer)).toEqual(['/Doc', '/Doc']);
  });

  test('a single statement object is accepted', () => {
    const r = parsePolicyDocument({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, source);
    expect(r.ok && r.policy.statements[0]?.ref.pointer).toBe('/Doc/Statement');
  });

  test('a statement without Action or NotAction is skipped with a message, the rest kept', () => {
    const r = parsePolicyDocument(
      { Statement: [{ Effect: 'Allow', Resource: '*' }, doc.Statement[0]] },
      source,
    );
    if (!r.ok) throw new Error(r.problem);
    expect(r.policy.statements).toHaveLength(1);
    expect(r.problems[0]).toMatch(
      /Statement\[0\] skipped: a statement needs exactly one of Action and NotAction/,
    );
  });

  test('garbage is a problem, not a crash', () => {
    expect(parsePolicyDocument('%7Bnot json', source)).toMatchObject({ ok: false });
    expect(parsePolicyDocument({ Version: '2012-10-17' }, source)).toMatchObject({ ok: false });
  });

  test('NotAction matches everything it does not list', () => {
    const r = parsePolicyDocument(doc, source);
    if (!r.ok) throw new Error(r.problem);
    const deny = r.policy.statements[1];
    if (!deny) throw new Error('missing');
    expect(actionMatches(deny, 'ec2:RunInstances'), DOC.notAction).toBe(true);
    expect(actionMatches(deny, 'IAM:PassRole'), DOC.notAction).toBe(false);
  });
});
