import type { Verdict } from '../../model/detection.js';

export interface VerdictInputs {
  /** Pool traffic by list or DNS answer, a pool lookup, or a provider's crypto finding. */
  strong: boolean;
  /** Only a long, low-volume stratum-port connection. */
  weak: boolean;
  plateau: boolean;
  /** Created by someone outside the approved paths, not waived. */
  unauthorized: boolean;
  /** A creation record was read. */
  created: boolean;
  missingTags: boolean;
}

/** Only the creation or network leg opens a detection; CPU alone never does. */
export function opens(v: VerdictInputs): boolean {
  return v.strong || v.weak || v.unauthorized || (v.created && v.plateau);
}

export function verdictOf(v: VerdictInputs): Verdict {
  if (v.strong && (v.plateau || v.unauthorized)) return 'confirmed-mining';
  if (v.strong || (v.unauthorized && v.plateau) || (v.weak && v.plateau)) return 'likely-mining';
  if (v.unauthorized || v.weak || v.missingTags) return 'suspicious';
  return 'benign-explained';
}

export const verdictRank: Record<Verdict, number> = {
  'confirmed-mining': 0,
  'likely-mining': 1,
  suspicious: 2,
  'benign-explained': 3,
};
