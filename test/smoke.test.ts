import { it } from 'vitest';
import { runDetection } from '../src/detect/run.js';
import { loadPolicy } from '../src/policy/load.js';
it('smoke', async () => {
  const cloud = process.env.CLOUD ?? 'aws';
  const base = `test/fixtures/telemetry/scenarios`;
  const r = await runDetection({ telemetry: `${base}/${cloud}/telemetry`, policy: loadPolicy(`${base}/${cloud}-policy.yaml`), now: new Date('2026-11-21'), workers: Number(process.env.W ?? 1) });
  console.log(JSON.stringify({ ...r, coverage: r.coverage.filter((c) => c.blind) }, null, 1).slice(0, 30000));
});
