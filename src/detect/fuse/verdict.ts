import type { Verdict } from '../../model/detection.js';

export interface VerdictInputs {
  /** Pool traffic by list or DNS answer, a pool lookup, or a provider's crypto finding. */
  strong: boolean;
  /** Only a long, low-volume stratum-port connection. */
  weak: boolean;
  plateau: boolean;
  /** Created by someone outside the approved paths, not waived. */
  unauthorized: boolean;
  /** Launched in a region the scope had not used before (T1535). */
  newRegion: boolean;
  /** Created by an approved creator (or a waived one): a new region is then worth a look, not proof of misuse. */
  approved: boolean;
  /** No creation record: it appeared while audit logging was stopped. */
  launchedInGap: boolean;
  /** A creation record was read. */
  created: boolean;
  missingTags: boolean;
}

/**
 * A launch that is suspect on its own: by an unapproved creator, hidden in a logging gap, or in an unused region
 * by anyone but an approved creator.
 */
function suspectLaunch(v: VerdictInputs): boolean {
  return v.unauthorized || v.launchedInGap || (v.newRegion && !v.approved);
}

/** Only the creation or network leg opens a detection; CPU alone never does. */
export function opens(v: VerdictInputs): boolean {
  return v.strong || v.weak || suspectLaunch(v) || v.newRegion || (v.created && v.plateau);
}

export function verdictOf(v: VerdictInputs): Verdict {
  const suspect = suspectLaunch(v);
  if (v.strong && (v.plateau || suspect)) return 'confirmed-mining';
  if (v.strong || (suspect && v.plateau) || (v.weak && v.plateau)) return 'likely-mining';
  if (suspect || v.weak || v.missingTags || v.newRegion) return 'suspicious';
  return 'benign-explained';
}

export const verdictRank: Record<Verdict, number> = {
  'confirmed-mining': 0,
  'likely-mining': 1,
  suspicious: 2,
  'benign-explained': 3,
};
