import { vocabularyOf } from '../../../providers/index.js';
import type { EvidenceRef } from '../../model/evidence.js';
import type { Inventory } from '../../model/inventory.js';
import type { TamperSignal } from '../signals.js';
import { callText, type LegContext } from './creation-leg.js';
import type { InstanceState } from './instances.js';
import type { LoggingGap } from './logging-gaps.js';
import { flowLogsOf } from './network-leg.js';
import { iso } from './time-text.js';
import { weights } from './weights.js';

const EFFECT: Record<string, string> = {
  creation: 'audit logging stopped',
  network: 'network evidence cut',
  cpu: 'CPU evidence cut',
};

/**
 * Whether a tampering call can blind this workload: its effect (until logging resumed, or for good) reaches the
 * workload's time, and a deleted flow log the inventory knows is one of the workload's own.
 */
function blindsIt(
  t: TamperSignal,
  s: InstanceState,
  start: number | undefined,
  gap: LoggingGap | undefined,
  inventory: Inventory | undefined,
): boolean {
  if (start !== undefined && gap?.to !== undefined && gap.to < start) return false;
  if (t.blinds === 'network' && t.target && inventory) {
    const known = inventory.flowLogs.find((f) => f.provider === t.provider && f.id === t.target);
    if (known && s.workload && !flowLogsOf(s, inventory).includes(known)) return false;
  }
  return true;
}

/**
 * Logging switched off or deleted in the workload's scope, attached when its effect overlaps the workload's
 * time (a gap that closed before it started is not its concern); raises a detection that is not explained away.
 */
export function tamperingNear(
  s: InstanceState,
  scope: string,
  start: number | undefined,
  shownGap: LoggingGap | undefined,
  inventory: Inventory | undefined,
  ctx: LegContext,
): { sentences: string[]; evidence: EvidenceRef[]; score: number } {
  const gaps = ctx.gathered.gaps.get(`${s.provider}|${scope}`) ?? [];
  const tamper: TamperSignal[] = ctx.gathered.tampering.filter(
    (t) =>
      t.provider === s.provider &&
      t.scope === scope &&
      blindsIt(
        t,
        s,
        start,
        gaps.find((g) => g.stop === t),
        inventory,
      ),
  );
  if (!tamper.length) return { sentences: [], evidence: [], score: 0 };
  const actions = [...new Set(tamper.map((t) => t.action))].sort();
  // The gap the creation leg already tells of is not told twice.
  const told = tamper.filter((t) => t !== shownGap?.stop);
  const words = (t: TamperSignal) => {
    const when = start === undefined ? '' : t.time >= start ? ', after it launched' : ', before it launched';
    const gap = gaps.find((g) => g.stop === t);
    const resumed =
      t.blinds === 'creation'
        ? gap?.to !== undefined
          ? `; resumed ${iso(gap.to)}`
          : '; not resumed in the audit logs read'
        : '';
    const effect = t.blinds ? ` (${EFFECT[t.blinds]}${resumed})` : '';
    return `${callText(t)}${when}${effect}`;
  };
  return {
    score: Math.min(weights.tamperingCap, weights.tamperingPerAction * actions.length),
    sentences: told.length
      ? [
          `In the same ${vocabularyOf(s.provider).scope.one}, logging was tampered with: ${told
            .slice(0, 3)
            .map(words)
            .join('; ')}.`,
        ]
      : [],
    evidence: tamper.slice(0, 5).map((t) => ctx.ref(t.file, t.pointer)),
  };
}
