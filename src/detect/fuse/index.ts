import { createHash } from 'node:crypto';
import type { Coverage, Detection } from '../../model/detection.js';
import type { EvidenceRef } from '../../model/evidence.js';
import type { Unreadable } from '../../model/findings-document.js';
import type { Inventory } from '../../model/inventory.js';
import type { Policy } from '../../policy/schema.js';
import type { WaiverBook } from '../../policy/waivers.js';
import { isEndpoint } from '../identity.js';
import type { FileDigest } from '../signals.js';
import { cpuLeg } from './cpu-leg.js';
import { CreatorApproval, creationLeg, type LegContext } from './creation-leg.js';
import { gatherInstances } from './instances.js';
import { networkLeg } from './network-leg.js';
import { tamperingNear } from './tampering.js';
import { iso } from './time-text.js';
import { unreadCoverage } from './unread.js';
import { opens, verdictOf, verdictRank } from './verdict.js';
import { weights } from './weights.js';

export { CreatorApproval } from './creation-leg.js';
export { weights } from './weights.js';

export interface FuseInput {
  digests: FileDigest[];
  inventory?: Inventory;
  policy: Policy;
  waivers: WaiverBook;
}

export interface FuseOutput {
  detections: Detection[];
  coverage: Coverage[];
  duplicates: number;
  anomalies: Unreadable[];
}

const MAX_EVIDENCE = 25;

function detectionId(provider: string, scope: string, instance: string): string {
  return createHash('sha256').update(`${provider}|${scope}|detection|${instance}`).digest('hex').slice(0, 16);
}

function uniqueRefs(evidence: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const k = `${e.file}#${e.pointer}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Per instance: the creation, CPU and network legs, tampering in the same scope, and a verdict. Every
 * instance gets coverage for each leg; only the creation or network leg opens a detection.
 */
export function fuse(input: FuseInput): FuseOutput {
  const { digests, inventory, policy, waivers } = input;
  const anomalies: Unreadable[] = [];
  let duplicates = 0;
  const fileSha = new Map<string, { sha256: string; format: string }>();
  for (const d of digests) fileSha.set(d.file, { sha256: d.sha256, format: d.format });
  const ref = (file: string, pointer: string): EvidenceRef => {
    const f = fileSha.get(file);
    return { file, sha256: f?.sha256 ?? '', api: f?.format ?? 'unknown', collectedAt: null, pointer };
  };
  const noteDuplicate = (file: string, pointer: string, what: string) => {
    duplicates++;
    if (anomalies.filter((a) => a.reason.startsWith('duplicate')).length < 5)
      anomalies.push({ file, reason: `duplicate ${what} at ${pointer}; counted once` });
  };

  const gathered = gatherInstances(digests, inventory, waivers, noteDuplicate);
  const ctx: LegContext = { gathered, policy, waivers, approval: new CreatorApproval(policy), ref };
  const detections: Detection[] = [];
  const coverage: Coverage[] = [];

  const states = [...gathered.states.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const s of states) {
    const scope = s.scope ?? 'unknown';
    const label = isEndpoint(s.id) ? `the instance behind ${s.id.slice(s.id.indexOf(':') + 1)}` : s.id;
    const creation = creationLeg(s, scope, label, ctx);
    const cpu = cpuLeg(s, scope, creation.launchedAt, ctx);
    const network = networkLeg(s, scope, inventory, ctx);
    coverage.push(creation.coverage, cpu.coverage, network.coverage);

    const inputs = {
      strong: network.strong,
      weak: network.weak,
      plateau: cpu.plateau !== undefined,
      unauthorized: creation.judgement !== undefined && !creation.judgement.authorized,
      newRegion: creation.newRegion !== undefined,
      approved: creation.judgement?.authorized === true,
      launchedInGap: creation.gap !== undefined,
      created: creation.creation !== undefined,
      missingTags: (creation.judgement?.missingTags.length ?? 0) > 0,
    };
    if (!opens(inputs)) continue;
    const verdict = verdictOf(inputs);
    const sentences = [...creation.sentences, ...cpu.sentences, ...network.sentences];
    const evidence = [...creation.evidence, ...cpu.evidence, ...network.evidence];
    let score = creation.score + cpu.score + network.score;
    if (verdict !== 'benign-explained') {
      const tamper = tamperingNear(s, scope, creation.firstSeen, creation.gap, inventory, ctx);
      score += tamper.score;
      sentences.push(...tamper.sentences);
      evidence.push(...tamper.evidence);
    }
    score = Math.min(100, score);
    if (verdict === 'benign-explained') {
      score = Math.min(score, weights.benignCap);
      sentences.push(
        'No mining-pool traffic was seen, and its creation is explained, so the load looks like sanctioned work.',
      );
    }
    const waiver = waivers.match('detection', [s.id, s.workload?.arn, s.workload?.name]);
    if (waiver)
      sentences.push(
        `This instance is waived by ${waiver.owner} until ${waiver.expires} (${waiver.reason}).`,
      );
    if (creation.judgement?.waiver && !waiver)
      sentences.push(`Its creator's waiver is owned by ${creation.judgement.waiver.owner}.`);
    const c = creation.creation;
    const through = creation.through;
    const gap = creation.gap;
    detections.push({
      id: detectionId(s.provider, scope, s.id),
      provider: s.provider,
      scope,
      instance: {
        id: s.id,
        ...(s.region ? { region: s.region } : {}),
        ...(c?.kind ? { kind: c.kind } : {}),
      },
      verdict,
      score,
      legs: { creation: creation.leg, cpu: cpu.leg, network: network.leg },
      destinations: network.destinations,
      explanation: sentences.join(' '),
      evidence: uniqueRefs(evidence).slice(0, MAX_EVIDENCE),
      ...(c ? { createdBy: creation.createdBy ?? c.principal, createdAt: iso(c.time) } : {}),
      ...(through
        ? {
            createdThrough: {
              service: through.service,
              ...(through.request
                ? {
                    action: through.request.action,
                    by: through.request.principal,
                    at: iso(through.request.time),
                  }
                : {}),
            },
          }
        : {}),
      ...(gap
        ? {
            loggingGap: {
              from: iso(gap.from),
              ...(gap.to !== undefined ? { to: iso(gap.to) } : {}),
              by: gap.stop.principal,
              action: gap.stop.action,
            },
          }
        : {}),
      ...(creation.newRegion ? { newRegion: creation.newRegion.region } : {}),
      ...(waiver ? { waiver } : {}),
    });
  }

  detections.sort(
    (a, b) =>
      verdictRank[a.verdict] - verdictRank[b.verdict] ||
      b.score - a.score ||
      (a.instance.id < b.instance.id ? -1 : 1),
  );
  coverage.push(...unreadCoverage(gathered));
  // Keys built once per entry, compared exactly as before.
  const keyed = coverage.map((c) => ({ c, key: `${c.provider}|${c.scope}|${c.resource}|${c.leg}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { detections, coverage: keyed.map((k) => k.c), duplicates, anomalies };
}
