import { detectionRun } from '../model/detection-run.js';
import type { FindingsDocument } from '../model/findings-document.js';
import { type Severity, severities } from '../model/levels.js';
import type { FailOn } from './options.js';

/** Exit codes shared by every command (DESIGN.md). */
export const exitCodes = { done: 0, gate: 1, usage: 2, incomplete: 3 } as const;

export interface GateOptions {
  failOn?: Severity;
  /** Only new or regressed findings (from `history`) at or above this severity. */
  failOnNew?: Severity;
  failOnDetection?: boolean;
  strict?: boolean;
}

/** The gate a command's flags ask for. */
export function gateOf(flags: { failOn?: FailOn; failOnDetection?: boolean; strict?: boolean }): GateOptions {
  return {
    ...(flags.failOn?.severity ? { failOn: flags.failOn.severity } : {}),
    ...(flags.failOn?.newSeverity ? { failOnNew: flags.failOn.newSeverity } : {}),
    ...(flags.failOnDetection ? { failOnDetection: true } : {}),
    strict: flags.strict ?? false,
  };
}

/** 1 when the gate is met, 3 when --strict and something could not be read or assessed, else 0. */
export function outcome(doc: FindingsDocument, gate: GateOptions): number {
  if (gate.failOn) {
    const limit = severities.indexOf(gate.failOn);
    if (doc.findings.some((f) => f.status === 'fail' && severities.indexOf(f.severity) <= limit))
      return exitCodes.gate;
  }
  if (gate.failOnNew && doc.history) {
    const limit = severities.indexOf(gate.failOnNew);
    const appeared = doc.history.changes.findings.items.filter(
      (c) =>
        (c.change === 'new' || c.change === 'regressed') &&
        c.severity &&
        severities.indexOf(c.severity) <= limit,
    );
    if (appeared.length) return exitCodes.gate;
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
