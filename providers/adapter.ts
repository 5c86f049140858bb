import type { EvidenceBundle } from '../src/evidence/bundle.js';
import type { Inventory } from '../src/model/inventory.js';
import type { Provider } from '../src/model/provider.js';
import type { Policy } from '../src/policy/schema.js';

export interface NormalizeContext {
  /** The assessment's clock: date-based expirations are judged against it. */
  now: Date;
  policy: Policy;
}

/** What every cloud adapter provides; registered explicitly in providers/index.ts. */
export interface ProviderAdapter {
  provider: Provider;
  /** Whether the bundle holds evidence for this provider (its top folder exists). */
  present(bundle: EvidenceBundle): boolean;
  /** Bundle → cloud-neutral inventory; unreadable files are reported on the bundle, gaps recorded. */
  normalize(bundle: EvidenceBundle, ctx: NormalizeContext): Inventory;
}
