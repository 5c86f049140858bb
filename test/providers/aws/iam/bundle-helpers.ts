import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import type { Policy } from '../../../../src/policy/schema.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures');

/** Writes `files` (path → JSON value or text) into a fresh bundle folder and opens it. */
export async function bundleOf(files: Record<string, unknown>): Promise<EvidenceBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-iam-'));
  for (const [path, value] of Object.entries(files)) {
    const full = join(dir, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  }
  return EvidenceBundle.open(dir);
}

export function fixtureJson(...parts: string[]): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, ...parts), 'utf8'));
}

export function gaadPath(account: string): string {
  return `aws/${account}/global/iam/GetAccountAuthorizationDetails.json`;
}

export function defaultPolicy(overrides: Partial<Policy> = {}): Policy {
  const { policy } = loadPolicy();
  return { ...policy, ...overrides };
}
