import { z } from 'zod';
import { type ConditionClause, parseConditions } from './conditions.js';
import { matches } from './glob-sets.js';

/** Where a policy sits in AWS's evaluation: identity (inline/managed), boundary, SCP, or a role's trust. */
export type PolicyKind = 'inline' | 'managed' | 'boundary' | 'scp' | 'trust';

/** A statement as an auditor finds it: which policy, which statement, in which bundle file and where. */
export interface StatementRef {
  /** Managed policy ARN, `inline:<name> on <entity ARN>`, `trust policy of <role ARN>`, or `SCP <id> (<name>)`. */
  policy: string;
  /** The Sid, or `Statement[i]` (0-based, as in the JSON pointer) when there is none. */
  statement: string;
  effect: 'Allow' | 'Deny';
  kind: PolicyKind;
  file: string;
  /** RFC 6901 pointer to the statement (or to the document when it is stored as a string). */
  pointer: string;
  /** `service:Operation` that produced the file. */
  api: string;
}

export interface PrincipalSpec {
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
}

export interface Statement {
  effect: 'Allow' | 'Deny';
  /** Exactly one of actions / notActions is set (null for the other). */
  actions: string[] | null;
  notActions: string[] | null;
  /** Exactly one of resources / notResources is set; both null means the element is absent. */
  resources: string[] | null;
  notResources: string[] | null;
  principal: PrincipalSpec | null;
  notPrincipal: PrincipalSpec | null;
  conditions: ConditionClause[];
  ref: StatementRef;
}

/** A parsed policy with its statements; `byAction` caches statement matches per action. */
export interface PolicyView {
  name: string;
  arn?: string;
  kind: PolicyKind;
  statements: Statement[];
  byAction: Map<string, Statement[]>;
}

const stringOrList = z.union([z.string(), z.array(z.string())]);
const principalValue = z.union([
  z.literal('*'),
  z.record(z.string(), z.union([z.string(), z.array(z.string())])),
]);

const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Principal: principalValue.optional(),
    NotPrincipal: principalValue.optional(),
    Condition: z.unknown().optional(),
  })
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), {
    message: 'a statement needs exactly one of Action and NotAction',
  });

const documentSchema = z.object({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.union([z.unknown().array(), z.record(z.string(), z.unknown())]),
});

export interface DocumentSource {
  name: string;
  arn?: string;
  kind: PolicyKind;
  /** Display name used in StatementRef.policy. */
  label: string;
  file: string;
  /** Pointer to the document inside the file. */
  pointer: string;
  api: string;
}

export type ParsedPolicy =
  | { ok: true; policy: PolicyView; problems: string[] }
  | { ok: false; problem: string };

/**
 * Turns a policy document as found in a bundle into statements. Accepts a decoded object (CLI output),
 * a JSON string (Organizations DescribePolicy), or URL-encoded JSON (IAM API/SDK output).
 */
export function parsePolicyDocument(raw: unknown, source: DocumentSource): ParsedPolicy {
  let value = raw;
  let asString = false;
  if (typeof raw === 'string') {
    asString = true;
    const text = raw.trimStart().startsWith('{') ? raw : safeDecode(raw);
    if (text === undefined)
      return { ok: false, problem: 'policy document is neither JSON nor URL-encoded JSON' };
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, problem: 'policy document is not valid JSON' };
    }
  }
  const doc = documentSchema.safeParse(value);
  if (!doc.success)
    return { ok: false, problem: `policy document has no Statement (${doc.error.issues[0]?.message})` };
  const list = Array.isArray(doc.data.Statement) ? doc.data.Statement : [doc.data.Statement];
  const single = !Array.isArray(doc.data.Statement);
  const statements: Statement[] = [];
  const problems: string[] = [];
  list.forEach((item, i) => {
    const pointer = asString
      ? source.pointer
      : single
        ? `${source.pointer}/Statement`
        : `${source.pointer}/Statement/${i}`;
    const parsed = statementSchema.safeParse(item);
    if (!parsed.success) {
      problems.push(`Statement[${i}] skipped: ${parsed.error.issues[0]?.message}`);
      return;
    }
    const s = parsed.data;
    const cond = parseConditions(s.Condition);
    if (cond.problem) {
      problems.push(`Statement[${i}] skipped: ${cond.problem}`);
      return;
    }
    statements.push({
      effect: s.Effect,
      actions: s.Action === undefined ? null : list1(s.Action),
      notActions: s.NotAction === undefined ? null : list1(s.NotAction),
      resources: s.Resource === undefined ? null : list1(s.Resource),
      notResources: s.NotResource === undefined ? null : list1(s.NotResource),
      principal: s.Principal === undefined ? null : principalSpec(s.Principal),
      notPrincipal: s.NotPrincipal === undefined ? null : principalSpec(s.NotPrincipal),
      conditions: cond.clauses,
      ref: {
        policy: source.label,
        statement: s.Sid ? s.Sid : `Statement[${i}]`,
        effect: s.Effect,
        kind: source.kind,
        file: source.file,
        pointer,
        api: source.api,
      },
    });
  });
  const policy: PolicyView = { name: source.name, kind: source.kind, statements, byAction: new Map() };
  if (source.arn) policy.arn = source.arn;
  return { ok: true, policy, problems };
}

function safeDecode(text: string): string | undefined {
  try {
    const decoded = decodeURIComponent(text);
    return decoded.trimStart().startsWith('{') ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function list1(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

function principalSpec(v: '*' | Record<string, string | string[]>): PrincipalSpec {
  if (v === '*') return { any: true, aws: [], service: [], federated: [] };
  const spec: PrincipalSpec = { any: false, aws: [], service: [], federated: [] };
  for (const [k, raw] of Object.entries(v)) {
    const values = list1(raw);
    const kind = k.toLowerCase();
    if (kind === 'aws') {
      for (const x of values) if (x === '*') spec.any = true;
      spec.aws.push(...values.filter((x) => x !== '*'));
    } else if (kind === 'service') spec.service.push(...values);
    else if (kind === 'federated') spec.federated.push(...values);
  }
  return spec;
}

/** Action and NotAction compare case-insensitively, with `*` and `?` (IAM JSON policy elements: Action). */
export function actionMatches(s: Statement, action: string): boolean {
  if (s.actions) return s.actions.some((p) => matches(p, action, true));
  return !(s.notActions ?? []).some((p) => matches(p, action, true));
}

/** The statements of `policy` whose Action/NotAction cover `action`, cached on the policy. */
const lowered = new Map<string, string>();

export function statementsFor(policy: PolicyView, action: string): Statement[] {
  let key = lowered.get(action);
  if (key === undefined) {
    key = action.toLowerCase();
    lowered.set(action, key);
  }
  let hit = policy.byAction.get(key);
  if (!hit) {
    hit = policy.statements.filter((s) => actionMatches(s, action));
    policy.byAction.set(key, hit);
  }
  return hit;
}

/** Resource and NotResource compare case-sensitively (IAM JSON policy elements: Resource). */
export function resourceMatches(s: Statement, arn: string): boolean {
  if (s.resources) return s.resources.some((p) => matches(p, arn));
  if (s.notResources) return !s.notResources.some((p) => matches(p, arn));
  return true;
}
