import { analyzeSeries, type CpuVerdict } from '../cpu.js';
import type { LegContext, LegOutcome } from './creation-leg.js';
import type { InstanceState } from './instances.js';
import { duration, iso } from './time-text.js';
import { unreadWhy } from './unread.js';
import { weights } from './weights.js';

export interface CpuOutcome extends LegOutcome {
  plateau?: NonNullable<CpuVerdict['plateau']>;
}

/** Whether CPU held a plateau at the policy's threshold, measured against the instance's own baseline. */
export function cpuLeg(
  s: InstanceState,
  scope: string,
  launchedAt: number | undefined,
  ctx: LegContext,
): CpuOutcome {
  const { threshold, sustainMinutes } = ctx.policy.detection.cpu;
  const base = { provider: s.provider, scope, leg: 'cpu' as const, resource: s.id };
  const cpu = s.times.length
    ? analyzeSeries(s.times, s.values, threshold, sustainMinutes, launchedAt)
    : undefined;
  if (!cpu) {
    const why = s.cpuUnscaled
      ? 'CPU was read as cores in use, but how many it reserved is unknown (no start record read), so no share can be judged'
      : (unreadWhy(ctx.gathered, s.provider, scope, 'cpu', s.region) ??
        'no CPU metrics for this instance in the telemetry read');
    return {
      leg: { state: 'blind', detail: why },
      coverage: { ...base, blind: true, why },
      sentences: [],
      evidence: [],
      score: 0,
    };
  }
  const samples = `${cpu.samples} CPU samples from ${iso(cpu.first)} to ${iso(cpu.last)}`;
  const coverage = { ...base, blind: false, why: samples };
  const plateau = cpu.plateau;
  if (!plateau) {
    const detail = `${samples}, peak ${cpu.peak.toFixed(0)}%, never ${threshold}% or more for ${sustainMinutes} minutes`;
    return { leg: { state: 'absent', detail }, coverage, sentences: [], evidence: [], score: 0 };
  }
  const shift =
    plateau.baseline !== undefined
      ? plateau.levelShift
        ? `, up from its own baseline of ${plateau.baseline.toFixed(0)}%`
        : `, near its own baseline of ${plateau.baseline.toFixed(0)}% (no level shift)`
      : plateau.levelShift
        ? ', from launch'
        : '';
  const more =
    plateau.count > 1
      ? ` (and ${plateau.count - 1} more plateau${plateau.count > 2 ? 's' : ''}, ${duration(plateau.totalMinutes)} in all)`
      : '';
  const detail = `CPU held at or above ${threshold}% (median ${plateau.median.toFixed(0)}%) for ${duration(plateau.minutes)} from ${iso(plateau.start)}${shift}${more}`;
  return {
    leg: { state: 'seen', detail },
    coverage,
    sentences: [`Its ${detail}.`],
    evidence: s.cpuRefs.map((r) => ctx.ref(r.file, r.pointer)),
    score: plateau.levelShift ? weights.cpuLevelShift : weights.cpuPlateau,
    plateau,
  };
}
