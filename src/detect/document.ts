import { assess } from '../assess/assess.js';
import { buildDocument } from '../assess/document.js';
import type { FindingsDocument, Inputs, WaiverState } from '../model/findings-document.js';
import type { Inventory } from '../model/inventory.js';
import type { Scope } from '../model/scope.js';
import type { LoadedPolicy } from '../policy/load.js';
import { fromBundleTelemetry, liveAuditWindows } from './bundle-telemetry.js';
import { type DetectResult, runDetection } from './run.js';

export interface DetectDocumentOptions {
  telemetry: string;
  /** Evidence bundle: its inventory ties interfaces to instances; its posture findings are kept (audit). */
  evidence?: string;
  policy: LoadedPolicy;
  now: Date;
  workers?: number;
  allowUnverified?: boolean;
  /** Keep the bundle's posture findings (audit) or only the detections (detect). */
  withFindings?: boolean;
  /** `telemetry` is the evidence bundle's own live-leg folder: cite it by bundle path and manifest hash. */
  bundleTelemetry?: boolean;
}

/** The telemetry side of `inputs`, folded into what the bundle side already says. */
function telemetryInputs(result: DetectResult, telemetry: string, base?: Inputs): Inputs {
  const { inputs } = result;
  return {
    ...(base ?? {
      filesRead: 0,
      unreadable: [],
      unrecognized: [],
      manifest: { present: false, verified: false, problems: [] },
      regionsSkipped: [],
    }),
    telemetry,
    filesRead: (base?.filesRead ?? 0) + inputs.filesRead,
    unreadable: [
      ...(base?.unreadable ?? []),
      ...inputs.unreadable.map((u) => ({ ...u, file: `telemetry:${u.file}` })),
    ],
    unrecognized: [...(base?.unrecognized ?? []), ...inputs.unrecognized.map((f) => `telemetry:${f}`)],
    telemetryRecords: {
      total: inputs.records,
      duplicates: inputs.duplicates,
      outOfOrder: inputs.outOfOrder,
      anomalies: inputs.anomalies,
      formats: inputs.formats,
    },
  };
}

/** Scopes seen only in telemetry (no bundle): named by what the detections and coverage cite. */
function telemetryScopes(result: DetectResult): Scope[] {
  const seen = new Map<string, Scope>();
  for (const item of [...result.detections, ...result.coverage]) {
    const key = `${item.provider}|${item.scope}`;
    if (!seen.has(key))
      seen.set(key, {
        provider: item.provider,
        id: item.scope,
        status: 'assessed',
        regions: [],
        evidence: [],
      });
  }
  return [...seen.values()];
}

/** Waiver states from both runs: detection waivers come from detect, the rest from assess. */
function mergeWaivers(fromAssess: WaiverState[], fromDetect: WaiverState[]): WaiverState[] {
  return [...fromAssess.filter((w) => w.control !== 'detection'), ...fromDetect];
}

/**
 * findings.json for `detect` (and `audit --telemetry`): detections and coverage from the telemetry,
 * with the bundle's inventory (and, for audit, its posture findings) when a bundle is given.
 */
export async function detectDocument(options: DetectDocumentOptions): Promise<FindingsDocument> {
  let inventory: Inventory | undefined;
  let assessed: Awaited<ReturnType<typeof assess>> | undefined;
  if (options.evidence) {
    assessed = await assess({
      evidence: options.evidence,
      policy: options.policy,
      now: options.now,
      allowUnverified: options.allowUnverified ?? false,
    });
    inventory = assessed.inventory;
  }
  const read = await runDetection({
    telemetry: options.telemetry,
    policy: options.policy,
    now: options.now,
    ...(inventory ? { inventory } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.bundleTelemetry && options.evidence
      ? { auditWindows: liveAuditWindows(options.evidence) }
      : {}),
  });
  const result =
    options.bundleTelemetry && options.evidence ? fromBundleTelemetry(read, options.evidence) : read;
  const doc = assessed?.document;
  return buildDocument({
    policy: options.policy,
    now: options.now,
    manifestSha256: doc?.evidence.manifestSha256 ?? null,
    inputs: telemetryInputs(result, options.telemetry, doc?.inputs),
    scopes: [
      ...(inventory?.scopes ?? []),
      ...telemetryScopes(result).filter(
        (t) => !inventory?.scopes.some((s) => s.provider === t.provider && s.id === t.id),
      ),
    ],
    findings: options.withFindings && doc ? doc.findings : [],
    creators: doc?.creators ?? [],
    detections: result.detections,
    coverage: result.coverage,
    waivers: mergeWaivers(doc?.waivers ?? [], result.waivers),
  });
}
