import type { ProviderAdapter } from '../adapter.js';
import { azureDetectHooks } from './detect-hooks.js';
import { azureReaders } from './telemetry/index.js';
import { azureVocabulary } from './vocabulary.js';

/** Azure behind the provider seam. */
export const azureAdapter: ProviderAdapter = {
  provider: 'azure',
  vocabulary: azureVocabulary,
  present: (bundle) => bundle.paths().some((p) => p.startsWith('azure/')),
  telemetryReaders: azureReaders,
  detect: azureDetectHooks,
};
