import type { ProviderAdapter } from '../adapter.js';
import { normalizeAws } from './normalize/index.js';

export const awsAdapter: ProviderAdapter = {
  provider: 'aws',
  present: (bundle) => bundle.paths().some((p) => p.startsWith('aws/')),
  normalize: normalizeAws,
};
