import { adapterFor, vocabularyOf } from '../../../providers/index.js';
import type { Coverage, LegState } from '../../model/detection.js';
import type { EvidenceRef } from '../../model/evidence.js';
import type { Policy } from '../../policy/schema.js';
import type { WaiverBook } from '../../policy/waivers.js';
import { globToRegExp } from '../../text/glob.js';
import { instanceKey } from '../identity.js';
import type { CapacitySignal, CreationSignal } from '../signals.js';
import type { Gathered, InstanceState } from './instances.js';
import { gapAt, type LoggingGap } from './logging-gaps.js';
import type { NewRegion } from './regions.js';
import { firstSeen } from './sightings.js';
import { iso, MINUTE } from './time-text.js';
import { unreadWhy } from './unread.js';
import { weights } from './weights.js';

/** Principals launching on someone's behalf (Auto Scaling, a scale set, a managed instance group), by cloud. */
export function serviceLaunch(c: CreationSignal): string | undefined {
  return adapterFor(c.provider).detect.serviceLaunch(c);
}

/** Who a creation is judged as: its own principal, or whoever asked the service for it. */
interface Subject {
  principal: string;
  principalRole?: string;
}

export class CreatorApproval {
  private readonly approved: { pattern: RegExp; principal: string; reason: string }[];
  constructor(policy: Policy) {
    this.approved = policy.creators.approved.map((a) => ({ pattern: globToRegExp(a.principal), ...a }));
  }

  /** The approval entry for a creation: session ARNs match as their role ARN. */
  match(c: Subject): { principal: string; reason: string } | undefined {
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

/** Whether the subject may create compute; `service` when a service launched it and no request behind it was read. */
function judgeCreation(
  subject: Subject,
  service: string | undefined,
  group: string | undefined,
  ctx: LegContext,
  tags: Record<string, string>,
): CreationJudgement {
  const missingTags = ctx.policy.tags.required.filter((k) => !(k in tags));
  const approved = service ? undefined : ctx.approval.match(subject);
  const waiver =
    approved || service
      ? undefined
      : ctx.waivers.match('detection', [subject.principal, subject.principalRole]);
  const tagNote = missingTags.length
    ? `; it lacks the required tag${missingTags.length > 1 ? 's' : ''} ${missingTags.join(', ')}`
    : '';
  if (service)
    return {
      authorized: true,
      missingTags,
      why: `launched by ${service}${group ? ` for group ${group}` : ''}${tagNote}`,
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
  /** When it is first known to run: its launch, else its earliest sighting in any log. */
  firstSeen?: number;
  /** Whom the creation is charged to: whoever asked a service for it, else the principal on the record. */
  createdBy?: string;
  /** The service that launched it, and the call that asked for it when that was read. */
  through?: { service: string; request?: CapacitySignal };
  /** Launched in a region the scope never used before (T1535). */
  newRegion?: NewRegion;
  /** No creation record because it was launched while audit logging was stopped. */
  gap?: LoggingGap;
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

/** `StopLogging on trail-a by alice at T`: the call, what it touched, who and when. */
export function callText(t: { action: string; target?: string; principal: string; time: number }): string {
  return `${t.action}${t.target ? ` on ${t.target}` : ''} by ${t.principal} at ${iso(t.time)}`;
}

/** Why a workload without a creation record was launched unseen: audit logging was stopped when it appeared. */
function gapText(gap: LoggingGap, seen: number, launched: boolean): string {
  const resumed = gap.resume
    ? `, then ${gap.resume.action}${gap.resume.principal !== gap.stop.principal ? ` by ${gap.resume.principal}` : ''}`
    : '; not resumed in the audit logs read';
  const until = gap.to !== undefined ? ` to ${iso(gap.to)}` : '';
  const target = gap.stop.target ? ` on ${gap.stop.target}` : '';
  return `launched while audit logging was stopped by ${gap.stop.principal} from ${iso(gap.from)}${until} (${gap.stop.action}${target}${resumed}), so no creation record exists; it ${launched ? 'launched' : 'was first seen'} ${iso(seen)}`;
}

/** The call behind a service's launch, in words: `UpdateAutoScalingGroup by alice at T (group web, desired 8)`. */
function requestText(r: CapacitySignal): string {
  return `${r.action} by ${r.principal} at ${iso(r.time)}${r.detail ? ` (${short(r.detail)})` : ''}`;
}

/** What a request asked for comes from the log: a few words of it are enough to tell it. */
function short(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function regionText(s: InstanceState, n: NewRegion): string {
  const words = vocabularyOf(s.provider).region;
  const used = n.used
    .slice(0, 3)
    .map((r) => `${r.region} (active since ${iso(r.first)})`)
    .join(', ');
  return `It was launched in ${n.region}, a ${words.one} with no activity in the audit logs read before launches began there at ${iso(n.firstLaunch)}, while ${used}${n.used.length > 3 ? ` and ${n.used.length - 3} more` : ''} ${n.used.length > 1 ? 'were' : 'was'} in use (ATT&CK T1535, unused ${words.one}).`;
}

/** No creation record: either launched in a logging gap, or older than (or outside) the audit logs read. */
function unrecorded(
  s: InstanceState,
  scope: string,
  label: string,
  launchedAt: number | undefined,
  ctx: LegContext,
): CreationOutcome {
  const base = { provider: s.provider, scope, leg: 'creation' as const, resource: s.id };
  const window = ctx.gathered.auditWindows.get(`${s.provider}|${scope}`);
  const seen = firstSeen(s, launchedAt);
  const at = {
    ...(launchedAt !== undefined ? { launchedAt } : {}),
    ...(seen !== undefined ? { firstSeen: seen } : {}),
  };
  const gap = seen !== undefined ? gapAt(ctx.gathered.gaps.get(`${s.provider}|${scope}`), seen) : undefined;
  if (gap && seen !== undefined) {
    const why = gapText(gap, seen, launchedAt !== undefined);
    const evidence = [ctx.ref(gap.stop.file, gap.stop.pointer)];
    if (gap.resume) evidence.push(ctx.ref(gap.resume.file, gap.resume.pointer));
    return {
      leg: { state: 'blind', detail: why },
      coverage: { ...base, blind: true, why },
      sentences: [`${label} was ${why}.`],
      evidence,
      score: weights.launchedInGap,
      gap,
      ...at,
    };
  }
  let why: string;
  let blind = true;
  const unread = unreadWhy(ctx.gathered, s.provider, scope, 'creation', s.region);
  if (unread) why = `${unread}, so who created it is unknown`;
  else if (!window)
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

/**
 * The request behind the launch: for a service's own launch (or one relayed with the caller's identity), the call
 * that asked for the capacity; for a group member, the latest change of its group's capacity before it was seen.
 */
function requestBehind(
  s: InstanceState,
  scope: string,
  c: CreationSignal,
  inherited: boolean,
  through: string | undefined,
  ctx: LegContext,
): CapacitySignal | undefined {
  if (inherited) {
    const parent = adapterFor(s.provider).detect.parentInstance?.(s.id);
    const launched = s.workload?.launchedAt ? Date.parse(s.workload.launchedAt) : undefined;
    const seen = firstSeen(s, Number.isFinite(launched) ? launched : undefined) ?? c.time;
    const r = parent
      ? ctx.gathered.capacity.requestFor(s.provider, scope, s.id, [parent.id], seen)
      : undefined;
    // The group's own creation record is no news: the member already inherits it.
    return r && !(r.file === c.file && r.pointer === c.pointer) ? r : undefined;
  }
  if (!through) return undefined;
  return ctx.gathered.capacity.requestFor(s.provider, scope, c.instanceId, c.capacityKeys ?? [], c.time);
}

/** Who created the instance, and whether they may; or why that cannot be told. */
export function creationLeg(
  s: InstanceState,
  scope: string,
  label: string,
  ctx: LegContext,
): CreationOutcome {
  let inherited = false;
  if (!s.creation) {
    const fromParent = parentCreation(s, ctx.gathered);
    if (fromParent) {
      s.creation = fromParent;
      inherited = true;
    }
  }
  const recorded = s.creation;
  const launchedAt =
    recorded?.time ?? (s.workload?.launchedAt ? Date.parse(s.workload.launchedAt) : undefined);
  if (!recorded) return unrecorded(s, scope, label, launchedAt, ctx);

  const service = serviceLaunch(recorded);
  const through = service ?? recorded.invokedBy;
  const request = requestBehind(s, scope, recorded, inherited, through, ctx);
  // A group member first seen after a later capacity change was launched by that change.
  const c: CreationSignal =
    inherited && request
      ? {
          ...recorded,
          time: request.time,
          principal: request.principal,
          file: request.file,
          pointer: request.pointer,
          ...(request.principalRole ? { principalRole: request.principalRole } : {}),
        }
      : recorded;
  if (inherited && request && !request.principalRole) delete c.principalRole;
  s.creation = c;
  const base = { provider: s.provider, scope, leg: 'creation' as const, resource: s.id };
  const tags = { ...(s.workload?.tags ?? {}), ...(c.tags ?? {}) };
  const subject: Subject = request && !inherited ? request : c;
  const judgement = judgeCreation(subject, request ? undefined : service, c.group, ctx, tags);
  const what = [c.machineType, c.image, c.region].filter(Boolean).join(', ');
  const via = c.group && !service ? ` as part of ${c.group}` : '';
  // The first token of a user agent names the tool (aws-cli/2.15.0, Boto3/1.34); the rest is in the evidence.
  const agent = c.userAgent?.split(' ')[0];
  let how = judgement.why;
  if (request && inherited) {
    const seen = firstSeen(s, undefined);
    how = `${request.action} at ${iso(request.time)}${request.detail ? ` (${short(request.detail)})` : ''} is the latest change to it before it was first seen${seen !== undefined ? ` ${iso(seen)}` : ''}; ${judgement.why}`;
  } else if (request && service)
    how = `launched by ${service}${c.group ? ` for group ${c.group}` : ''} on a request: ${requestText(request)}; ${judgement.why}`;
  else if (request)
    how = `through ${request.service} on a request: ${requestText(request)}; ${judgement.why}`;
  else if (service)
    how = `${judgement.why}; the call that asked for this capacity is not in the audit logs read`;
  const newRegion = ctx.gathered.regions.newRegion(c);
  if (newRegion)
    how += `; ${newRegion.region} had no activity before (unused ${vocabularyOf(s.provider).region.one}, T1535)`;
  const detail = `created ${iso(c.time)} by ${c.principal}${via}${what ? ` (${what})` : ''}${agent ? ` with ${agent}` : ''}: ${how}`;
  const sentences = [`${label} was ${detail}.`];
  const evidence = [ctx.ref(c.file, c.pointer)];
  if (request && !inherited) evidence.push(ctx.ref(request.file, request.pointer));
  let score = !judgement.authorized
    ? weights.unapprovedCreator
    : judgement.missingTags.length
      ? weights.missingTags
      : 0;
  if (newRegion) {
    score += weights.unusedRegion;
    sentences.push(regionText(s, newRegion));
  }
  const related = ctx.gathered.failed.filter(
    (f) =>
      f.provider === s.provider &&
      f.scope === scope &&
      (f.principal === subject.principal ||
        (f.principalRole !== undefined && f.principalRole === subject.principalRole)) &&
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
  const serviceName = through ?? request?.service;
  return {
    leg: { state: 'seen', detail },
    coverage: { ...base, blind: false, why: `creation record read in ${c.file}` },
    sentences,
    evidence,
    score,
    creation: c,
    judgement,
    createdBy: subject.principal,
    launchedAt: c.time,
    firstSeen: c.time,
    ...(serviceName ? { through: { service: serviceName, ...(request ? { request } : {}) } } : {}),
    ...(newRegion ? { newRegion } : {}),
  };
}
