import type { EvidenceRef } from '../model/evidence.js';
import type { Pillar, ResourceRef, Severity } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { Provider } from '../model/provider.js';
import type { Policy } from '../policy/schema.js';

/** A control's verdict on one resource, before ids, waivers and metadata are attached. */
export interface ControlResult {
  status: 'pass' | 'fail' | 'unassessed' | 'not_applicable';
  provider: Provider;
  scope: string;
  region?: string;
  resource: ResourceRef;
  /** One sentence naming the resource and what was found. */
  reason: string;
  evidence: EvidenceRef[];
  /** Overrides the control's severity for this result (e.g. a mining port vs. all ports open). */
  severity?: Severity;
}

/** What a control is, as data: shown in the catalog, the report and every finding. */
export interface ControlMeta {
  id: string;
  title: string;
  pillar: Pillar;
  severity: Severity;
  /** What one finding is about, e.g. "account × region". */
  grain: string;
  /** Why it matters for cloud cryptomining. */
  rationale: string;
  remediation: string;
}

/** A control: metadata plus a pure evaluation over the cloud-neutral inventory. */
export interface Control extends ControlMeta {
  evaluate(inventory: Inventory, policy: Policy): ControlResult[];
}

export function defineControl(control: Control): Control {
  return control;
}
