import type { FindingsDocument } from './findings-document.js';

/** Whether detection ran and saw anything: a report never says "no detections" about logs it did not read. */
export type DetectionRun =
  | { state: 'not-run' }
  | { state: 'nothing-read'; telemetry: string; unrecognized: number; unreadable: number }
  | { state: 'ran'; telemetry: string; files: number; records: number };

export function detectionRun(doc: Pick<FindingsDocument, 'inputs'>): DetectionRun {
  const { telemetry, telemetryRecords } = doc.inputs;
  if (telemetry === undefined) return { state: 'not-run' };
  const files = Object.values(telemetryRecords?.formats ?? {}).reduce((a, b) => a + b, 0);
  if (files === 0)
    return {
      state: 'nothing-read',
      telemetry,
      unrecognized: doc.inputs.unrecognized.filter((u) => u.startsWith('telemetry:')).length,
      unreadable: doc.inputs.unreadable.length,
    };
  return { state: 'ran', telemetry, files, records: telemetryRecords?.total ?? 0 };
}
