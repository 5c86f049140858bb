import { detectionRun } from '../model/detection-run.js';
import type { FindingsDocument } from '../model/findings-document.js';
import { type Severity, severities } from '../model/levels.js';

/** Exit codes shared by every command (DESIGN.md). */
export const exitCodes = { done: 0, gate: 1, usage: 2, incomplete: 3 } as const;

export interface GateOptions {
  failOn?: Severity;
  failOnDetection?: boolean;
  strict?: boolean;
}

/** 1 when the gate is met, 3 when --strict and something could not be read or assessed, else 0. */
export function outcome(doc: FindingsDocument, gate: GateOptions): number {
  if (gate.failOn) {
    const limit = severities.indexOf(gate.failOn);
    if (doc.findings.some((f) => f.status === 'fail' && severities.indexOf(f.severity) <= limit))
      return exitCodes.gate;
  }
  if (gate.failOnDetection && doc.detections.some((d) => !d.waiver && d.verdict !== 'benign-explained'))
    return exitCodes.gate;
  if (gate.strict) {
    const incomplete =
      detectionRun(doc).state === 'nothing-read' ||
      doc.inputs.unreadable.length > 0 ||
      doc.scopes.some((s) => s.status !== 'assessed') ||
      doc.findings.some((f) => f.status === 'unassessed');
    if (incomplete) return exitCodes.incomplete;
  }
  return exitCodes.done;
}
