import type { ProviderAdapter } from './adapter.js';
import { awsAdapter } from './aws/index.js';

/** Every cloud adapter, registered explicitly. */
export const adapters: readonly ProviderAdapter[] = [awsAdapter];
