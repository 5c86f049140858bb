import { createHash } from 'node:crypto';
import { vocabularyOf } from '../../providers/index.js';
import type { ControlId } from '../model/control-ids.js';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { Policy } from '../policy/schema.js';
import type { WaiverBook } from '../policy/waivers.js';
import { catalog } from './catalog.js';
import type { Control, ControlResult } from './control.js';
import { frameworkIndex, loadFrameworks } from './frameworks.js';
import { result } from './results.js';
import { scopeNoun, scopeSubject } from './scope-regions.js';

/** `provider|scope|control|resource.id` → 16 hex: the same resource keeps its id across runs. */
export function findingId(provider: string, scope: string, control: string, resourceId: string): string {
  return createHash('sha256')
    .update(`${provider}|${scope}|${control}|${resourceId}`)
    .digest('hex')
    .slice(0, 16);
}

/** A control that throws becomes an `unassessed` finding per scope, never a crash. */
function runControl(control: Control, inv: Inventory, policy: Policy): ControlResult[] {
  try {
    return control.evaluate(inv, policy);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return inv.scopes.map((scope) =>
      result(
        'unassessed',
        scopeSubject(scope),
        `The ${control.id} control failed to evaluate: ${message}.`,
        [],
      ),
    );
  }
}

/**
 * A scope the collector could not enter still gets one `unassessed` result per control it has no other
 * result for, carrying the reason, so an unreachable account is never just absent from the report.
 */
function unreachedScopes(inv: Inventory, results: ControlResult[]): ControlResult[] {
  return inv.scopes
    .filter(
      (s) => s.status === 'unassessed' && !results.some((r) => r.provider === s.provider && r.scope === s.id),
    )
    .map((s) => {
      const why = s.reason ?? 'no evidence was collected';
      return result(
        'unassessed',
        scopeSubject(s),
        `The ${scopeNoun(s.provider)} ${s.id} could not be assessed: ${why}.`,
        s.evidence,
      );
    });
}

/** Runs every enabled control and turns results into findings with ids, frameworks and waivers. */
export function evaluateControls(
  inv: Inventory,
  policy: Policy,
  waivers: WaiverBook,
  controls: readonly Control[] = catalog,
): Finding[] {
  const frameworks = frameworkIndex(loadFrameworks());
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const control of controls) {
    const override = policy.controls[control.id as ControlId];
    if (override?.enabled === false) continue;
    const results = runControl(control, inv, policy);
    for (const r of [...results, ...unreachedScopes(inv, results)]) {
      const id = findingId(r.provider, r.scope, control.id, r.resource.id);
      if (seen.has(id)) continue;
      seen.add(id);
      const finding: Finding = {
        id,
        control: control.id,
        pillar: control.pillar,
        title: control.title,
        severity: override?.severity ?? r.severity ?? control.severity,
        status: r.status,
        provider: r.provider,
        scope: r.scope,
        ...(r.region ? { region: r.region } : {}),
        resource: r.resource,
        reason: r.reason,
        evidence: r.evidence,
        remediation: vocabularyOf(r.provider).remediation[control.id]?.text ?? control.remediation,
        frameworks: frameworks(control.id, r.provider),
      };
      if (r.status === 'fail') {
        const waiver = waivers.match(control.id, [r.resource.id, r.resource.arn, r.resource.name]);
        if (waiver) {
          finding.status = 'waived';
          finding.waiver = waiver;
        }
      }
      findings.push(finding);
    }
  }
  return findings;
}
