import type { ProviderAdapter } from '../adapter.js';
import { gcpDetectHooks } from './detect-hooks.js';
import { gcpReaders } from './telemetry/index.js';
import { gcpVocabulary } from './vocabulary.js';

/** Google Cloud behind the provider seam. */
export const gcpAdapter: ProviderAdapter = {
  provider: 'gcp',
  vocabulary: gcpVocabulary,
  present: (bundle) => bundle.paths().some((p) => p.startsWith('gcp/')),
  telemetryReaders: gcpReaders,
  detect: gcpDetectHooks,
};
