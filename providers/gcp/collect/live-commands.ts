import type { Leg } from '../../../src/model/detection.js';

/** The live legs' files under `telemetry/gcp/<project>/`, and the detection leg each one feeds (no SDK loaded here). */
export const liveCommands: Record<string, { leg: Leg; source: string }> = {
  'logging-read': { leg: 'creation', source: 'Admin Activity audit logs' },
  'monitoring-time-series-list': { leg: 'cpu', source: 'Cloud Monitoring instance CPU' },
  'scc-findings-list': { leg: 'network', source: 'Security Command Center findings' },
};
