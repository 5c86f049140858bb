import { vocabularyOf } from '../../../providers/index.js';
import type { EvidenceRef } from '../../model/evidence.js';
import type { TamperSignal } from '../signals.js';
import type { LegContext } from './creation-leg.js';
import type { InstanceState } from './instances.js';
import { iso } from './time-text.js';
import { weights } from './weights.js';

/** Logging switched off or deleted in the instance's scope: raises a detection that is not explained away. */
export function tamperingNear(
  s: InstanceState,
  scope: string,
  ctx: LegContext,
): { sentences: string[]; evidence: EvidenceRef[]; score: number } {
  const tamper: TamperSignal[] = ctx.gathered.tampering.filter(
    (t) => t.provider === s.provider && t.scope === scope,
  );
  if (!tamper.length) return { sentences: [], evidence: [], score: 0 };
  const actions = [...new Set(tamper.map((t) => t.action))].sort();
  return {
    score: Math.min(weights.tamperingCap, weights.tamperingPerAction * actions.length),
    sentences: [
      `In the same ${vocabularyOf(s.provider).scope.one}, logging was tampered with: ${tamper
        .slice(0, 3)
        .map((t) => `${t.action}${t.target ? ` on ${t.target}` : ''} by ${t.principal} at ${iso(t.time)}`)
        .join('; ')}.`,
    ],
    evidence: tamper.slice(0, 5).map((t) => ctx.ref(t.file, t.pointer)),
  };
}
