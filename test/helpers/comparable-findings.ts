import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FindingsDocument } from '../../src/model/findings-document.js';
import { runCli, tempDir } from './cli.js';

/** `rigsight assess` of a bundle at a fixed clock, through the CLI: its findings.json. */
export async function assessBundle(bundle: string, now: string): Promise<FindingsDocument> {
  const out = join(tempDir(), 'report');
  const r = await runCli(
    'assess',
    '--evidence',
    bundle,
    '--now',
    now,
    '--format',
    'json',
    '--quiet',
    '--out',
    out,
  );
  expect(r.err).toBe('');
  return JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
}

/**
 * A findings document without what differs between two collections of the same estate: when files were collected,
 * when the report was made, where the bundle lay and its manifest's hash. Every file hash and finding stays.
 */
export function comparable(doc: FindingsDocument): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== 'collectedAt')
          .map(([k, v]) => [k, strip(v)]),
      );
    return value;
  };
  const { generatedAt: _g, evidence: _e, inputs, ...rest } = doc;
  const { evidence: _where, manifest, ...read } = inputs;
  const { sha256: _s, ...checked } = manifest;
  return strip({ ...rest, inputs: { ...read, manifest: checked } });
}
