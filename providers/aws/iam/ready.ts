import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import type { Creator } from '../../../src/model/identity.js';
import type { Policy } from '../../../src/policy/schema.js';
import { defaultComputeActions } from './compute-actions.js';
import { analyzeIdentityWith, catalogFor, creatorsFrom } from './creators.js';

const compute = defaultComputeActions();
// Loaded once when the module is imported (~50 ms), so normalize can stay synchronous.
const catalog = await catalogFor(compute);

/** analyzeCreators for the normalize step: same result, synchronous, with the shipped action list. */
export function creatorsForNormalize(
  bundle: EvidenceBundle,
  policy: Policy,
): { creators: Creator[]; gaps: CollectionGap[] } {
  const analysis = analyzeIdentityWith(bundle, catalog, compute);
  return { creators: creatorsFrom(analysis, bundle, policy), gaps: analysis.estate.gaps };
}
