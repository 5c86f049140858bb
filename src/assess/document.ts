import type { Coverage, Detection } from '../model/detection.js';
import type { Finding } from '../model/finding.js';
import {
  FINDINGS_SCHEMA_VERSION,
  type FindingsDocument,
  type Inputs,
  type WaiverState,
} from '../model/findings-document.js';
import type { Creator } from '../model/identity.js';
import type { Scope } from '../model/scope.js';
import { toolVersion } from '../package-info.js';
import type { LoadedPolicy } from '../policy/load.js';
import { scoreEstate, scoreRisk } from '../risk/score.js';

export interface DocumentParts {
  policy: LoadedPolicy;
  now: Date;
  manifestSha256: string | null;
  inputs: Inputs;
  scopes: Scope[];
  findings: Finding[];
  creators: Creator[];
  detections: Detection[];
  coverage: Coverage[];
  waivers: WaiverState[];
}

/** Assembles findings.json: everything sorted so the same inputs give byte-identical output. */
export function buildDocument(parts: DocumentParts): FindingsDocument {
  const scopes = [...parts.scopes].sort(
    (a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id),
  );
  const scored = scopes.map((s) => {
    const mine = <T extends { provider: string; scope: string }>(items: readonly T[]) =>
      items.filter((i) => i.provider === s.provider && i.scope === s.id);
    return {
      provider: s.provider,
      id: s.id,
      ...(s.name ? { name: s.name } : {}),
      status: s.status,
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.exposure ? { exposure: s.exposure } : {}),
      score: scoreRisk({
        findings: mine(parts.findings),
        creators: mine(parts.creators),
        detections: mine(parts.detections),
        coverage: mine(parts.coverage),
        ...(s.exposure ? { exposure: s.exposure } : {}),
      }),
    };
  });
  const exposures = scopes.flatMap((s) => (s.exposure ? [s.exposure] : []));
  const total = (key: 'vcpus' | 'vcpuQuota') =>
    exposures.some((e) => e[key] !== undefined)
      ? { [key]: exposures.reduce((n, e) => n + (e[key] ?? 0), 0) }
      : {};
  return {
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    tool: { name: 'rigsight', version: toolVersion },
    generatedAt: parts.now.toISOString(),
    policy: { source: parts.policy.source, sha256: parts.policy.sha256 },
    evidence: { manifestSha256: parts.manifestSha256 },
    inputs: parts.inputs,
    scopes: scored,
    findings: parts.findings,
    creators: parts.creators,
    detections: parts.detections,
    coverage: parts.coverage,
    waivers: parts.waivers,
    score: scoreEstate(
      {
        findings: parts.findings,
        creators: parts.creators,
        detections: parts.detections,
        coverage: parts.coverage,
        exposure: { ...total('vcpus'), ...total('vcpuQuota') },
      },
      scored.map((s) => ({ provider: s.provider, id: s.id, status: s.status, score: s.score })),
    ),
  };
}
