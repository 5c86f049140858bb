import type { Provider } from '../src/model/provider.js';
import type { ProviderAdapter } from './adapter.js';
import { awsAdapter } from './aws/index.js';
import { azureAdapter } from './azure/index.js';
import { gcpAdapter } from './gcp/index.js';
import type { Vocabulary } from './vocabulary.js';

/** Every cloud adapter, registered explicitly; order is report order and telemetry sniffing order. */
const registered: ProviderAdapter[] = [awsAdapter, azureAdapter, gcpAdapter];

export function adapters(): readonly ProviderAdapter[] {
  return registered;
}

/** The adapter for a provider; throws for one that is not registered (a bug or a hand-edited file). */
export function adapterFor(provider: Provider): ProviderAdapter {
  const adapter = registered.find((a) => a.provider === provider);
  if (!adapter) throw new Error(`no adapter registered for provider "${provider}"`);
  return adapter;
}

export function vocabularyOf(provider: Provider): Vocabulary {
  return adapterFor(provider).vocabulary;
}

/**
 * Adds an adapter at run time (a plugin, or a test's toy cloud). Detection threads load the registry
 * afresh, so such an adapter is seen only when telemetry is read in the calling thread (`workers: 0`).
 */
export function registerAdapter(adapter: ProviderAdapter): () => void {
  if (registered.some((a) => a.provider === adapter.provider))
    throw new Error(`provider "${adapter.provider}" is already registered`);
  registered.push(adapter);
  return () => {
    const i = registered.indexOf(adapter);
    if (i >= 0) registered.splice(i, 1);
  };
}

export type { ProviderAdapter } from './adapter.js';
export type { Vocabulary } from './vocabulary.js';
