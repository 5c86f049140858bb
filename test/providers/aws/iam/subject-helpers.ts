import { ABSENT, ALL_TAGS_KNOWN, knownContext } from '../../../../providers/aws/iam/conditions.js';
import type { Subject } from '../../../../providers/aws/iam/evaluator.js';
import type { ScpLevel } from '../../../../providers/aws/iam/organization.js';
import { type PolicyView, parsePolicyDocument } from '../../../../providers/aws/iam/policy-document.js';

export const ACCOUNT = '111122223333';

let n = 0;
/** A policy view from a document, as the engine would build it from a bundle. */
export function policy(doc: unknown, kind: PolicyView['kind'] = 'inline', name = `p${++n}`): PolicyView {
  const parsed = parsePolicyDocument(doc, {
    name,
    kind,
    label: name,
    file: 'test.json',
    pointer: `/${name}`,
    api: 'test',
  });
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.policy;
}

export function allow(
  action: string | string[],
  resource: string | string[] = '*',
  condition?: unknown,
): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) },
    ],
  };
}

export function deny(
  action: string | string[],
  resource: string | string[] = '*',
  condition?: unknown,
): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) },
    ],
  };
}

export interface SubjectSpec {
  name?: string;
  type?: 'user' | 'role' | 'root';
  identity?: unknown[];
  boundary?: unknown;
  /** Per level, root first: the SCP documents attached there. */
  scp?: unknown[][];
  /** The principal's tags, all of them (absent: not known). */
  tags?: Record<string, string>;
}

/** A caller with the given policies, in account ACCOUNT. */
export function subject(spec: SubjectSpec): Subject {
  const type = spec.type ?? 'user';
  const name = spec.name ?? 'alice';
  const arn =
    type === 'root'
      ? `arn:aws:iam::${ACCOUNT}:root`
      : `arn:aws:iam::${ACCOUNT}:${type === 'user' ? 'user' : 'role'}/${name}`;
  const last = (spec.scp?.length ?? 0) - 1;
  const scp: ScpLevel[] | null = spec.scp
    ? spec.scp.map((docs, i) => ({
        target: i === 0 ? 'r-root' : i === last ? ACCOUNT : `ou-${i}`,
        type: i === 0 ? 'ROOT' : i === last ? 'ACCOUNT' : 'ORGANIZATIONAL_UNIT',
        policies: docs.map((d) => policy(d, 'scp')),
      }))
    : null;
  return {
    arn,
    account: ACCOUNT,
    partition: 'aws',
    type,
    name,
    identity: (spec.identity ?? []).map((d) => policy(d)),
    fromGroup: new Map(),
    boundary: spec.boundary ? policy(spec.boundary, 'boundary') : null,
    scp,
    context: knownContext({
      ...(spec.tags
        ? {
            [ALL_TAGS_KNOWN]: ABSENT,
            ...Object.fromEntries(Object.entries(spec.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
          }
        : {}),
      'aws:PrincipalArn': arn,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': type === 'user' ? 'User' : type === 'role' ? 'AssumedRole' : 'Account',
      'aws:username': type === 'user' ? name : undefined,
    }),
    cache: new Map(),
  };
}
