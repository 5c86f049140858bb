import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../../../src/detect/formats.js';
import { readFlowLegRows } from '../../../../src/detect/pushdown/result-rows.js';
import { looksLikeNdjson, readHead, readTelemetryFile } from '../../../../src/detect/read-file.js';
import { type ReaderContext as Ctx, ReaderContext } from '../../../../src/detect/reader.js';
import { digestFile } from '../../../../src/detect/run.js';
import type { EndpointSeen, FileDigest, FlowHit } from '../../../../src/detect/signals.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { type IntelData, IntelMatcher } from '../../../../src/intel/matcher.js';
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
    for (const h of d.flows) ctx.addFlow({ ...h });
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

  it('CIDRs, the allowlist and listed ports decide as locally: the same result with intel that exercises them', async () => {
    const base = compileIntel((await runScenarioLeg('aws')).policy).data;
    const intel: IntelData = {
      ...base,
      // The pool address now only as part of a range, one pair dropped, one load-test address allowed.
      ips: base.ips.filter(([ip]) => ip !== '107.191.47.239'),
      ipPorts: base.ipPorts.filter(([k]) => !k.startsWith('107.191.47.239:')),
      cidrs: [
        ['107.191.0.0/16', 'test'],
        ['107.191.47.0/24', 'test'],
      ],
      allow: ['203.0.113.10'],
    };
    for (const cloud of ['aws', 'gcp'] as const) {
      const leg = await runScenarioLeg(cloud, undefined, undefined, intel);
      const matcher = new IntelMatcher(intel);
      const digests = await Promise.all(
        leg.files.map(async (f) => {
          const head = await readHead(f);
          const reader = sniffFormat(head.head);
          if (!reader) throw new Error(`no reader for ${f}`);
          return readTelemetryFile(
            f,
            f,
            reader,
            matcher,
            new Map(),
            reader.kind === 'json' && looksLikeNdjson(head.head),
          );
        }),
      );
      const local = merged(new ReaderContext('local', 'merged', matcher, new Map()), digests);
      const ctx = new ReaderContext('result.json', 'flow-pushdown', matcher, new Map());
      readFlowLegRows(ctx, cloud, leg.rows, (i) => `/rows/${i}`);
      const pushed = ctx.finish();
      expect(local.flows.map((h) => h.match)).toContain('cidr');
      expect(seen(pushed)).toEqual(seen(local));
      expect(pushed.flows.find((h) => h.match === 'cidr')?.indicator).toBe('107.191.0.0/16');
      expect(pushed.flows.some((h) => h.remote === '203.0.113.10')).toBe(false);
    }
  });

  it('a window that ends before the records returns no rows (the time filter is real)', async () => {
    const leg = await runScenarioLeg('aws', {
      since: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-11-02T00:00:00Z'),
    });
    expect(leg.rows).toEqual([]);
  });
});
