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
  /** No creation record: it appeared while audit logging was stopped. */
  launchedInGap: boolean;
  /** A creation record was read. */
  created: boolean;
  missingTags: boolean;
}

/** A launch that is suspect on its own: by an unapproved creator, in an unused region, or hidden in a logging gap. */
function suspectLaunch(v: VerdictInputs): boolean {
  return v.unauthorized || v.newRegion || v.launchedInGap;
}

/** Only the creation or network leg opens a detection; CPU alone never does. */
export function opens(v: VerdictInputs): boolean {
  return v.strong || v.weak || suspectLaunch(v) || (v.created && v.plateau);
}

export function verdictOf(v: VerdictInputs): Verdict {
  const suspect = suspectLaunch(v);
  if (v.strong && (v.plateau || suspect)) return 'confirmed-mining';
  if (v.strong || (suspect && v.plateau) || (v.weak && v.plateau)) return 'likely-mining';
  if (suspect || v.weak || v.missingTags) return 'suspicious';
  return 'benign-explained';
}

export const verdictRank: Record<Verdict, number> = {
  'confirmed-mining': 0,
  'likely-mining': 1,
  suspicious: 2,
  'benign-explained': 3,
};
