import { adapterFor, vocabularyOf } from '../../../providers/index.js';
import type { Coverage, LegState } from '../../model/detection.js';
import type { EvidenceRef } from '../../model/evidence.js';
import type { Policy } from '../../policy/schema.js';
import type { WaiverBook } from '../../policy/waivers.js';
import { globToRegExp } from '../../text/glob.js';
import { instanceKey } from '../identity.js';
import type { CreationSignal } from '../signals.js';
import type { Gathered, InstanceState } from './instances.js';
import { iso, MINUTE } from './time-text.js';
import { weights } from './weights.js';

/** Principals launching on someone's behalf (Auto Scaling, EC2 Fleet, a managed instance group), by cloud. */
export function serviceLaunch(c: CreationSignal): string | undefined {
  return adapterFor(c.provider).detect.serviceLaunch(c);
}

export class CreatorApproval {
  private readonly approved: { pattern: RegExp; principal: string; reason: string }[];
  constructor(policy: Policy) {
    this.approved = policy.creators.approved.map((a) => ({ pattern: globToRegExp(a.principal), ...a }));
  }

  /** The approval entry for a creation: session ARNs match as their role ARN. */
  match(c: CreationSignal): { principal: string; reason: string } | undefined {
    const names = [c.principal, c.principalRole].filter((n): n is string => !!n);
    return this.approved.find((a) => names.some((n) => a.pattern.test(n)));
  }
}

export interface CreationJudgement {
  authorized: boolean;
  why: string;
  missingTags: string[];
  waiver?: { owner: string; reason: string; expires: string };
}

function judgeCreation(
  c: CreationSignal,
  approval: CreatorApproval,
  policy: Policy,
  waivers: WaiverBook,
  tags: Record<string, string>,
): CreationJudgement {
  const missingTags = policy.tags.required.filter((k) => !(k in tags));
  const service = serviceLaunch(c);
  const approved = approval.match(c);
  const waiver = approved || service ? undefined : waivers.match('detection', [c.principal, c.principalRole]);
  const tagNote = missingTags.length
    ? `; it lacks the required tag${missingTags.length > 1 ? 's' : ''} ${missingTags.join(', ')}`
    : '';
  if (service)
    return {
      authorized: true,
      missingTags,
      why: `launched by ${service}${c.group ? ` for group ${c.group}` : ''}${tagNote}`,
    };
  if (approved)
    return {
      authorized: true,
      missingTags,
      why: `an approved creator (${approved.reason})${tagNote}`,
    };
  if (waiver)
    return {
      authorized: true,
      missingTags,
      waiver,
      why: `a creator waived by ${waiver.owner} until ${waiver.expires} (${waiver.reason})${tagNote}`,
    };
  return { authorized: false, missingTags, why: `not an approved creator${tagNote}` };
}

/** What one leg adds to a detection. */
export interface LegOutcome {
  leg: LegState;
  coverage: Coverage;
  sentences: string[];
  evidence: EvidenceRef[];
  score: number;
}

export interface CreationOutcome extends LegOutcome {
  creation?: CreationSignal;
  judgement?: CreationJudgement;
  /** When it launched: the creation record's time, else the inventory's launch time. */
  launchedAt?: number;
}

export interface LegContext {
  gathered: Gathered;
  policy: Policy;
  waivers: WaiverBook;
  approval: CreatorApproval;
  ref: (file: string, pointer: string) => EvidenceRef;
}

/** A group member (scale-set VM) inherits the group's creation record: whoever created the group launched it. */
function parentCreation(s: InstanceState, gathered: Gathered): CreationSignal | undefined {
  const parent = adapterFor(s.provider).detect.parentInstance?.(s.id);
  const creation = parent ? gathered.states.get(instanceKey(s.provider, parent.id))?.creation : undefined;
  return parent && creation
    ? { ...creation, instanceId: s.id, group: creation.group ?? parent.group }
    : undefined;
}

/** Who created the instance, and whether they may; or why that cannot be told. */
export function creationLeg(
  s: InstanceState,
  scope: string,
  label: string,
  ctx: LegContext,
): CreationOutcome {
  s.creation ??= parentCreation(s, ctx.gathered);
  const c = s.creation;
  const base = { provider: s.provider, scope, leg: 'creation' as const, resource: s.id };
  const tags = { ...(s.workload?.tags ?? {}), ...(c?.tags ?? {}) };
  const window = ctx.gathered.auditWindows.get(`${s.provider}|${scope}`);
  const launchedAt = c?.time ?? (s.workload?.launchedAt ? Date.parse(s.workload.launchedAt) : undefined);
  const at = launchedAt !== undefined ? { launchedAt } : {};
  if (!c) {
    let why: string;
    let blind = true;
    if (!window)
      why = `no audit logs for ${vocabularyOf(s.provider).scope.one} ${scope} were read, so who created it is unknown`;
    else if (launchedAt !== undefined && launchedAt >= window.first && launchedAt <= window.last) {
      why = `audit logs read cover its launch at ${iso(launchedAt)} but hold no creation record (is every region logged?)`;
      blind = false;
    } else
      why = `its creation is older than the audit logs read (${iso(window.first)} to ${iso(window.last)})${launchedAt !== undefined ? `; it launched ${iso(launchedAt)}` : ''}`;
    return {
      leg: { state: blind ? 'blind' : 'absent', detail: why },
      coverage: { ...base, blind, why },
      sentences: [],
      evidence: [],
      score: 0,
      ...at,
    };
  }
  const judgement = judgeCreation(c, ctx.approval, ctx.policy, ctx.waivers, tags);
  const what = [c.machineType, c.image, c.region].filter(Boolean).join(', ');
  const via = c.group && !serviceLaunch(c) ? ` as part of ${c.group}` : '';
  // The first token of a user agent names the tool (aws-cli/2.15.0, Boto3/1.34); the rest is in the evidence.
  const agent = c.userAgent?.split(' ')[0];
  const detail = `created ${iso(c.time)} by ${c.principal}${via}${what ? ` (${what})` : ''}${agent ? ` with ${agent}` : ''}: ${judgement.why}`;
  const sentences = [`${label} was ${detail}.`];
  const evidence = [ctx.ref(c.file, c.pointer)];
  let score = !judgement.authorized
    ? weights.unapprovedCreator
    : judgement.missingTags.length
      ? weights.missingTags
      : 0;
  const related = ctx.gathered.failed.filter(
    (f) =>
      f.provider === s.provider &&
      f.scope === scope &&
      (f.principal === c.principal ||
        (f.principalRole !== undefined && f.principalRole === c.principalRole)) &&
      Math.abs(f.time - c.time) <= 24 * 60 * MINUTE,
  );
  if (related.length && !judgement.authorized) {
    score += weights.failedLaunches;
    const codes = [
      ...new Set(related.map((f) => `${f.errorCode}${f.machineType ? ` for ${f.machineType}` : ''}`)),
    ].sort();
    sentences.push(
      `The same principal also failed ${related.length} launch${related.length > 1 ? 'es' : ''} (${codes.join('; ')}).`,
    );
    for (const f of related.slice(0, 5)) evidence.push(ctx.ref(f.file, f.pointer));
  }
  return {
    leg: { state: 'seen', detail },
    coverage: { ...base, blind: false, why: `creation record read in ${c.file}` },
    sentences,
    evidence,
    score,
    creation: c,
    judgement,
    ...at,
  };
}
