import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcpCredentials } from '../../../providers/gcp/collect/credentials.js';
import { collectGcp, type GcpCollectOptions } from '../../../providers/gcp/collect/engine.js';
import { normalizeGcp } from '../../../providers/gcp/normalize/index.js';
import type { CollectSummary } from '../../../src/collect/summary.js';
import { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { loadPolicy } from '../../../src/policy/load.js';
import type { Policy } from '../../../src/policy/schema.js';
import { acmeEstate, type FakeEstate } from '../../fakes/gcp/estate.js';
import { writeHandMadeBundle } from '../../fakes/gcp/hand-made.js';
import { type FakeGoogleOptions, startFakeGoogle } from '../../fakes/gcp/server.js';

export const TOKEN = 'ya29.a0AfB_fake-access-token-for-tests-0123456789';
export const now = new Date('2026-11-27T00:00:00Z');
export const tmp = (prefix = 'rigsight-gcp-') => mkdtempSync(join(tmpdir(), prefix));

/** Collects `estate` from a fake Google on 127.0.0.1 with the real clients; returns the bundle folder and summary. */
export async function collectFake(
  estate: FakeEstate = acmeEstate(),
  fakeOptions: FakeGoogleOptions = {},
  options: Partial<GcpCollectOptions> = {},
) {
  const fake = await startFakeGoogle(estate, { token: TOKEN, ...fakeOptions });
  const out = join(tmp(), 'bundle');
  try {
    const auth = await gcpCredentials({ GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN });
    const summary: CollectSummary = await collectGcp({
      out,
      organization: '123456789012',
      endpoint: fake.url,
      auth,
      retryDelayMs: 0,
      ...options,
    });
    return { out, summary, requests: fake.requests };
  } finally {
    await fake.stop();
  }
}

export function handMade(estate: FakeEstate = acmeEstate(), mutate?: (dir: string) => void): string {
  const dir = tmp();
  writeHandMadeBundle(estate, dir);
  mutate?.(dir);
  return dir;
}

export async function inventoryOf(dir: string, policy: Policy = loadPolicy().policy): Promise<Inventory> {
  return normalizeGcp(await EvidenceBundle.open(dir), { now, policy });
}

/** The inventory without what differs between a collected and a hand-made bundle: hashes, times, the caller. */
export function comparable(inv: Inventory): unknown {
  return JSON.parse(
    JSON.stringify(inv, (k, v) => (k === 'evidence' || k === 'caller' || k === 'reason' ? undefined : v)),
  );
}
