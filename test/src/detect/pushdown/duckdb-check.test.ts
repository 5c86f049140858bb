import { describe, expect, it } from 'vitest';
import { readFlowLegRows } from '../../../../src/detect/pushdown/result-rows.js';
import { type ReaderContext as Ctx, ReaderContext } from '../../../../src/detect/reader.js';
import { digestFile } from '../../../../src/detect/run.js';
import type { EndpointSeen, FileDigest, FlowHit } from '../../../../src/detect/signals.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { runScenarioLeg } from '../../../fakes/pushdown/scenario-legs.js';

/** What a run sees of flows: hits without where they were read, and coverage, in a stable order. */
function seen(d: Pick<FileDigest, 'flows' | 'endpoints'>) {
  const flows = d.flows
    .map(({ file: _f, pointer: _p, ...h }: FlowHit) => h)
    .sort((a, b) =>
      `${a.endpoint}|${a.remote}|${a.port}|${a.match}`.localeCompare(
        `${b.endpoint}|${b.remote}|${b.port}|${b.match}`,
      ),
    );
  const endpoints = [...d.endpoints].sort((a: EndpointSeen, b: EndpointSeen) =>
    a.endpoint.localeCompare(b.endpoint),
  );
  return { flows, endpoints };
}

function merged(ctx: Ctx, digests: FileDigest[]) {
  for (const d of digests) {
    for (const e of d.endpoints) ctx.addEndpoint(e);
    for (const h of d.flows) ctx.addFlow(h);
  }
  return ctx.finish();
}

describe('the pushed-down flow leg, run on DuckDB over the files the local engine reads', () => {
  for (const cloud of ['aws', 'gcp'] as const) {
    it(`${cloud} scenario: the same per-interface matches and coverage as the local engine`, async () => {
      const leg = await runScenarioLeg(cloud);
      const intel = compileIntel(leg.policy);
      const local = merged(
        new ReaderContext('local', 'merged', intel.matcher, new Map()),
        (await Promise.all(leg.files.map((f) => digestFile(f, leg.policy)))).filter((d) => d !== undefined),
      );
      const ctx = new ReaderContext('result.json', 'flow-pushdown', intel.matcher, new Map());
      readFlowLegRows(ctx, cloud, leg.rows, (i) => `/rows/${i}`);
      const pushed = ctx.finish();
      expect(pushed.problems).toEqual([]);
      expect(local.flows.length).toBeGreaterThan(0);
      expect(local.endpoints.length).toBeGreaterThan(1);
      expect(seen(pushed)).toEqual(seen(local));
    });
  }

  it('a window that ends before the records returns no rows (the time filter is real)', async () => {
    const leg = await runScenarioLeg('aws', {
      since: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-11-02T00:00:00Z'),
    });
    expect(leg.rows).toEqual([]);
  });
});
