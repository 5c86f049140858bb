import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { type AzureCollectOptions, collectAzure } from '../../../providers/azure/collect/index.js';
import type { CollectSummary } from '../../../src/collect/summary.js';
import { buildEstate, type EstateOptions, ids } from './estate.js';
import { type ArmEstate, type ArmFault, FakeArm } from './server.js';

/** The service principal the tests sign in as; its secret must never reach a bundle or a log. */
export const testClient = {
  id: 'aaaaaaaa-bbbb-4ccc-8ddd-000000000001',
  secret: 'fake-client-secret-do-not-write-0001',
  objectId: 'aaaaaaaa-bbbb-4ccc-8ddd-0000000000aa',
};

export async function startFake(
  estate: ArmEstate,
  options: {
    faults?: ArmFault[];
    pageSize?: number;
    latencyMs?: number;
    hangMs?: number;
    record?: boolean;
  } = {},
): Promise<FakeArm> {
  return new FakeArm({ estate, tenantId: ids.tenant, client: testClient, ...options }).start();
}

export function fakeEstate(o: Partial<EstateOptions> = {}) {
  return buildEstate({ subscriptions: 2, vmsPerSubscription: 3, ...o });
}

/** A TokenCredential stub whose tokens the fake accepts (TESTING.md: arm-* with a credential stub). */
export function stubCredential(fake: FakeArm): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({
      token: fake.issue(),
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  };
}

/** Endpoint overrides that send every SDK to the fake. */
export function fakeEnv(fake: FakeArm): NodeJS.ProcessEnv {
  return {
    RIGSIGHT_AZURE_ARM_ENDPOINT: fake.url,
    RIGSIGHT_AZURE_GRAPH_ENDPOINT: fake.url,
    AZURE_AUTHORITY_HOST: fake.url,
  };
}

/** Collects from the fake with the real SDK clients: fast retries, short timeouts, a fresh folder. */
export async function collectFrom(
  fake: FakeArm,
  options: Partial<AzureCollectOptions> = {},
): Promise<{ out: string; summary: CollectSummary }> {
  const out = options.out ?? join(mkdtempSync(join(tmpdir(), 'rigsight-azure-')), 'bundle');
  const summary = await collectAzure({
    credential: stubCredential(fake),
    env: fakeEnv(fake),
    retryDelayMs: 1,
    maxRetryDelayMs: 5,
    maxRetries: 3,
    requestTimeoutMs: 1_000,
    rates: false,
    ...options,
    out,
  });
  return { out, summary };
}
