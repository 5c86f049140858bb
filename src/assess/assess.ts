import { adapters, vocabularyOf } from '../../providers/index.js';
import { evaluateControls } from '../controls/engine.js';
import { InputError } from '../errors.js';
import { EvidenceBundle } from '../evidence/bundle.js';
import { verifyBundle } from '../evidence/verify.js';
import type { FindingsDocument, Inputs } from '../model/findings-document.js';
import { domains } from '../model/gap.js';
import { emptyInventory, type Inventory, mergeInventory } from '../model/inventory.js';
import type { LoadedPolicy } from '../policy/load.js';
import { WaiverBook } from '../policy/waivers.js';
import { buildDocument } from './document.js';

export interface AssessOptions {
  evidence: string;
  policy: LoadedPolicy;
  now: Date;
  /** Assess a bundle whose manifest does not match its files. */
  allowUnverified?: boolean;
}

export interface Assessment {
  document: FindingsDocument;
  inventory: Inventory;
  bundle: EvidenceBundle;
}

/** Opens a bundle; refuses one whose manifest does not verify unless told otherwise. */
export async function openVerifiedBundle(path: string, allowUnverified = false) {
  let bundle: EvidenceBundle;
  try {
    bundle = await EvidenceBundle.open(path);
  } catch (err) {
    throw new InputError(
      `${path}: cannot open the evidence bundle (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const verification = verifyBundle(bundle);
  if ((verification.manifestPresent || bundle.damaged) && !verification.ok && !allowUnverified) {
    throw new InputError(
      `${path}: the bundle does not match its manifest; re-collect it, or pass --allow-unverified to assess it anyway`,
      [
        ...verification.missing.map((p) => `missing: ${p}`),
        ...verification.extra.map((p) => `extra: ${p}`),
        ...verification.modified.map((m) => `modified: ${m.path}`),
        ...verification.problems,
      ],
    );
  }
  return { bundle, verification };
}

/**
 * A single shard's bundle holds organization files under scopes other shards own (the management account's
 * folder): only the scopes this shard collected are reported; the merged bundle reports every one.
 */
function shardScopes(inventory: Inventory, bundle: EvidenceBundle): void {
  const shard = bundle.manifest?.shard;
  if (!shard) return;
  const mine = new Set(bundle.manifest?.scopes.filter((s) => s.provider === shard.provider).map((s) => s.id));
  inventory.scopes = inventory.scopes.filter((s) => s.provider !== shard.provider || mine.has(s.id));
}

/**
 * Scopes the manifest lists as not collected that left no folder (a shard absent from a merge): they are reported
 * as unassessed with the manifest's reason, never left out as if clean.
 */
function expectedScopes(inventory: Inventory, bundle: EvidenceBundle): void {
  for (const s of bundle.manifest?.scopes ?? []) {
    if (s.status !== 'failed' || inventory.scopes.some((x) => x.provider === s.provider && x.id === s.id))
      continue;
    const reason = s.reason ?? 'not collected';
    inventory.scopes.push({
      provider: s.provider,
      id: s.id,
      status: 'unassessed',
      reason,
      regions: [],
      evidence: [],
    });
    // Nothing of it is in the bundle: every domain is a gap, so no control judges it from organization files alone.
    for (const domain of domains)
      inventory.gaps.push({
        provider: s.provider,
        scope: s.id,
        region: 'global',
        domain,
        kind: 'missing',
        reason,
        evidence: [],
      });
  }
}

/** evidence bundle → inventory → findings → findings.json (pure apart from reading the bundle). */
export async function assess(options: AssessOptions): Promise<Assessment> {
  const { bundle, verification } = await openVerifiedBundle(options.evidence, options.allowUnverified);
  const present = adapters().filter((a) => a.present(bundle));
  if (present.length === 0 && bundle.paths().length === 0) {
    throw new InputError(
      `${options.evidence}: the evidence bundle is empty${bundle.problems[0] ? ` (${bundle.problems[0].reason})` : ''}`,
    );
  }
  const inventory = emptyInventory();
  const notAssessable: string[] = [];
  for (const adapter of present) {
    if (!adapter.normalize) {
      notAssessable.push(adapter.provider);
      continue;
    }
    mergeInventory(
      inventory,
      await adapter.normalize(bundle, { now: options.now, policy: options.policy.policy }),
    );
  }
  shardScopes(inventory, bundle);
  expectedScopes(inventory, bundle);
  if (inventory.scopes.length === 0) {
    const why = notAssessable.length
      ? `this version of rigsight cannot assess ${notAssessable.map((p) => vocabularyOf(p).cloud).join(' or ')} evidence yet`
      : `no ${adapters()
          .map((a) => a.vocabulary.scope.one)
          .join(', ')} folder found (expected ${adapters()
          .map((a) => `${a.provider}/<${a.vocabulary.scope.one}>/…`)
          .join(', ')})`;
    throw new InputError(`${options.evidence}: ${why}`);
  }
  const waivers = new WaiverBook(options.policy.policy.waivers, options.now);
  const findings = evaluateControls(inventory, options.policy.policy, waivers);
  const inputs: Inputs = {
    evidence: options.evidence,
    filesRead: bundle.paths().length,
    unreadable: [...bundle.problems],
    unrecognized: bundle.unconsumed(),
    manifest: {
      present: verification.manifestPresent,
      verified: verification.ok,
      ...(bundle.damaged ? { truncated: true } : {}),
      ...(bundle.manifestSha256 ? { sha256: bundle.manifestSha256 } : {}),
      problems: [
        ...verification.missing.map((p) => `missing: ${p}`),
        ...verification.extra.map((p) => `extra: ${p}`),
        ...verification.modified.map((m) => `modified: ${m.path}`),
        ...(bundle.damaged
          ? [
              `the archive is truncated: ${bundle.problems.find((p) => p.file === bundle.location)?.reason ?? 'it ends early'}; files after the break are missing`,
            ]
          : verification.manifestPresent
            ? []
            : ['no manifest: the bundle was made by hand and cannot be verified']),
      ],
    },
    regionsSkipped: inventory.scopes.flatMap((s) =>
      s.regions
        .filter((r) => !r.enabled)
        .map((r) => ({ scope: s.id, region: r.name, why: 'opt-in region not enabled for the account' })),
    ),
  };
  const document = buildDocument({
    policy: options.policy,
    now: options.now,
    manifestSha256: bundle.manifestSha256 ?? null,
    inputs,
    scopes: inventory.scopes,
    findings,
    creators: inventory.creators,
    detections: [],
    coverage: [],
    waivers: waivers.states(),
  });
  return { document, inventory, bundle };
}
