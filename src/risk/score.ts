import { type Coverage, type Detection, legs } from '../model/detection.js';
import { type Finding, type Pillar, pillars } from '../model/finding.js';
import type { Grade, Score, ScoreBreakdown } from '../model/findings-document.js';
import type { Creator } from '../model/identity.js';
import { blindnessOf, legBlindness } from './blindness.js';
import { ceilingOf, gradeOf, oneBetter } from './grades.js';
import { type Exposure, impactOf } from './impact.js';
import { likelihoodFactors, likelihoodLevel, likelihoodOf } from './likelihood.js';
import { postureOf, tallyPillars } from './pillar-scores.js';
import { capitalize, count, legTitles, listWords, pillarTitles } from './words.js';

export { gradeOf } from './grades.js';

/** Most points the likelihood × impact and blindness terms can take off the posture. */
export const maxPenalty = { likelihood: 25, blindness: 15 } as const;

export interface RiskInput {
  findings: readonly Finding[];
  creators?: readonly Creator[];
  detections?: readonly Detection[];
  coverage?: readonly Coverage[];
  exposure?: Exposure;
}

/** A ceiling on the grade and the words for why. */
export interface GradeCap {
  grade: Grade;
  because: string;
  /** Always said when set (an active detection is news even when the grade is already lower). */
  alwaysSay?: string;
  /** Said only when the cap lowered the value. */
  sayWhenBinding?: string;
}

/**
 * One scope's (or the estate's) score: posture from the five pillars, less a likelihood × impact
 * penalty and a blindness penalty; an active mining detection or total blindness caps the grade.
 * Deterministic: the same input gives the same score and the same words (docs/risk-model.md).
 */
export function scoreRisk(input: RiskInput, ceiling?: GradeCap): Score {
  const findings = input.findings;
  const creators = input.creators ?? [];
  const detections = input.detections ?? [];
  const coverage = input.coverage ?? [];
  const tallies = tallyPillars(findings);
  const posture = postureOf(tallies);
  const byLeg = legBlindness(findings, coverage);
  const blindness = blindnessOf(byLeg);
  const factors = likelihoodFactors(findings, creators, detections);
  const likelihood = likelihoodOf(factors);
  const impact = impactOf(findings, detections, input.exposure);
  const penalties = {
    likelihood: Math.round(maxPenalty.likelihood * likelihood * impact.value),
    blindness: Math.round(maxPenalty.blindness * blindness),
  };
  const base = posture === null ? 0 : Math.round(posture);
  const uncapped = Math.max(0, Math.min(100, base - penalties.likelihood - penalties.blindness));

  const caps: GradeCap[] = [];
  const active = detections.filter((d) => !d.waiver);
  const confirmed = active.filter((d) => d.verdict === 'confirmed-mining');
  const likely = active.filter((d) => d.verdict === 'likely-mining');
  if (confirmed.length > 0) {
    caps.push({
      grade: 'F',
      because: `mining is confirmed on ${instancesWord(confirmed)}`,
      alwaysSay: `Mining is confirmed on ${instancesWord(confirmed)}: the grade is capped at F until it is stopped and explained.`,
    });
  } else if (likely.length > 0) {
    caps.push({
      grade: 'D',
      because: `mining is likely on ${instancesWord(likely)}`,
      alwaysSay: `Mining is likely on ${instancesWord(likely)}: the grade is capped at D until it is investigated.`,
    });
  }
  if (legs.every((leg) => byLeg[leg].watched > 0 && byLeg[leg].blind >= 0.999)) {
    caps.push({
      grade: 'D',
      because: 'every leg of AN0744 is blind',
      alwaysSay:
        'Every leg of AN0744 (instance creation, CPU, network) is blind: mining could run unseen, so the grade is at most D.',
    });
  }
  if (ceiling) caps.push(ceiling);
  let value = uncapped;
  let binding: GradeCap | undefined;
  for (const cap of caps) {
    if (ceilingOf(cap.grade) < value) {
      value = ceilingOf(cap.grade);
      binding = cap;
    }
  }
  const capReasons = caps.flatMap((c) =>
    c.alwaysSay ? [c.alwaysSay] : c === binding && c.sayWhenBinding ? [c.sayWhenBinding] : [],
  );

  const pillarValues = Object.fromEntries(pillars.map((p) => [p, tallies[p].value])) as Record<
    Pillar,
    number
  >;
  const unjudged = pillars.filter((p) => !tallies[p].judged);
  const grade = gradeOf(value);

  const reasons: string[] = [...capReasons];
  if (posture === null) {
    reasons.push('Nothing could be judged: no applicable result passed, failed or was assessed.');
  } else {
    reasons.push(
      `${value}/100 = posture ${base} across the judged pillars${penalties.likelihood ? `, less ${penalties.likelihood} for likelihood × impact` : ''}${penalties.blindness ? `, less ${penalties.blindness} for blindness` : ''}${binding ? `, capped at ${binding.grade} because ${binding.because}` : ''}.`,
    );
  }
  const weak = pillars
    .filter((p) => tallies[p].judged && tallies[p].value < 80)
    .sort((a, b) => tallies[a].value - tallies[b].value || pillars.indexOf(a) - pillars.indexOf(b));
  for (const p of weak) {
    const t = tallies[p];
    const judged = t.pass + t.fail + t.waived;
    if (judged === 0) {
      reasons.push(`${pillarTitles[p]} could not be judged: ${count(t.unassessed, 'result')} unassessed.`);
      continue;
    }
    const controls = t.failingControls.map((c) => c.control);
    reasons.push(
      `${pillarTitles[p]} scores ${t.value}: ${t.fail} of ${judged} judged results fail${controls.length ? ` (${listWords(controls)})` : ''}${t.unassessed ? `; ${t.unassessed} unassessed` : ''}.`,
    );
  }
  if (factors.length > 0) {
    reasons.push(`Likelihood is ${likelihoodLevel(likelihood)}: ${factors.map((f) => f.text).join('; ')}.`);
  }
  const dark = legs.filter((leg) => byLeg[leg].unseen > 0);
  if (dark.length > 0) {
    const parts = dark.map(
      (leg) =>
        `${byLeg[leg].blind >= 0.999 ? 'blind' : 'partly blind'} on the ${legTitles[leg]} leg (${byLeg[leg].why.join(', ')})`,
    );
    reasons.push(`${capitalize(listWords(parts))}.`);
  }
  if (impact.instances > 0 || impact.vcpuQuota !== undefined) {
    const quota =
      impact.vcpuQuota !== undefined ? `; the vCPU quota lets ${impact.vcpuQuota} vCPUs be launched` : '';
    const vcpus = impact.vcpus !== undefined ? ` (${impact.vcpus} vCPUs)` : '';
    reasons.push(`Exposure: ${count(impact.instances, 'instance')}${vcpus}${quota}.`);
  }
  if (unjudged.length > 0 && posture !== null) {
    reasons.push(
      `Nothing to judge for ${listWords(unjudged.map((p) => pillarTitles[p].toLowerCase()))}; ${unjudged.length === 1 ? 'it does' : 'they do'} not count.`,
    );
  }

  const breakdown: ScoreBreakdown = {
    posture: base,
    unjudged,
    likelihood: {
      value: round2(likelihood),
      level: likelihoodLevel(likelihood),
      factors: factors.map((f) => ({ id: f.id, weight: round2(f.weight), text: f.text })),
    },
    blindness: {
      value: round2(blindness),
      legs: Object.fromEntries(
        legs.map((leg) => [
          leg,
          { blind: round2(byLeg[leg].blind), watched: byLeg[leg].watched, unseen: byLeg[leg].unseen },
        ]),
      ) as ScoreBreakdown['blindness']['legs'],
    },
    impact,
    penalties,
    ...(binding ? { cap: { grade: binding.grade, because: binding.because } } : {}),
  };
  return { grade, value, pillars: pillarValues, reasons, breakdown };
}

export interface ScopeScore {
  provider: string;
  id: string;
  status: 'assessed' | 'partial' | 'unassessed';
  score: Score;
}

/**
 * The estate's score: the same model over everything, and never more than one letter better than the
 * weakest assessed scope (one failing account is not averaged away by many good ones).
 */
export function scoreEstate(input: RiskInput, scopes: readonly ScopeScore[]): Score {
  const judged = scopes.filter((s) => s.status !== 'unassessed');
  const worst = [...judged].sort(
    (a, b) =>
      a.score.value - b.score.value || a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id),
  )[0];
  if (!worst || judged.length < 2) return scoreRisk(input);
  const limit = oneBetter(worst.score.grade);
  const because = `the weakest scope, ${worst.provider} ${worst.id}, is graded ${worst.score.grade}`;
  return scoreRisk(input, {
    grade: limit,
    because,
    sayWhenBinding: `The estate is held to ${limit} or worse because ${because}: one weak account is not averaged away.`,
  });
}

/** Compatibility entry: findings and detections only. */
export function scoreFindings(findings: Finding[], detections: Detection[]): Score {
  return scoreRisk({ findings, detections });
}

function instancesWord(ds: readonly Detection[]): string {
  const ids = [...new Set(ds.map((d) => d.instance.id))].sort();
  return ids.length <= 3 ? listWords(ids) : `${ids.length} instances`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
