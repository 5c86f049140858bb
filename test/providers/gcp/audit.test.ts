import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FindingsDocument } from '../../../src/model/findings-document.js';
import { acmeEstate } from '../../fakes/gcp/estate.js';
import { type FakeGoogle, startFakeGoogle } from '../../fakes/gcp/server.js';
import { runCli } from '../../helpers/cli.js';
import { TOKEN, tmp } from './helpers.js';

let fake: FakeGoogle;
beforeAll(async () => {
  fake = await startFakeGoogle(acmeEstate(), { token: TOKEN });
});
afterAll(() => fake.stop());

it('rigsight audit --provider gcp collects, assesses and reports, the denied project shown as not assessed', async () => {
  process.env.GOOGLE_OAUTH_ACCESS_TOKEN = TOKEN;
  try {
    const dir = tmp();
    const r = await runCli(
      'audit',
      '--provider',
      'gcp',
      '--organization',
      '123456789012',
      '--gcp-endpoint',
      fake.url,
      '--now',
      '2026-11-27T00:00:00Z',
      '--out',
      dir,
    );
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir).some((n) => n.startsWith('bundle-'))).toBe(true);
    const doc = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.inputs.manifest).toMatchObject({ present: true, verified: true });
    expect(doc.scopes.find((s) => s.id === 'acme-locked')?.status).toBe('unassessed');
    const locked = doc.findings.filter((f) => f.scope === 'acme-locked');
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((f) => f.status === 'unassessed')).toBe(true);
    expect(doc.findings.filter((f) => f.scope === 'acme-prod' && f.status === 'pass').length).toBeGreaterThan(
      3,
    );
  } finally {
    delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  }
});
