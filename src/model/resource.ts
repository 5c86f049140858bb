import type { EvidenceRef } from './evidence.js';
import type { Provider } from './provider.js';

/** Fields every inventory item carries: where it lives and which evidence describes it. */
export interface ResourceBase {
  provider: Provider;
  scope: string;
  /** Region or location; `global` for account-wide items. */
  region: string;
  /** The provider's own identifier (instance id, VPC id, trail ARN, resource id). */
  id: string;
  /** The provider's type name, e.g. `AWS::EC2::Instance`. */
  type: string;
  arn?: string;
  name?: string;
  evidence: EvidenceRef[];
}
