import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectDocument } from '../../../../src/detect/document.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { acmeEstate } from '../../../fakes/gcp/estate.js';
import { gpuMiner, liveWindow, plantLive } from '../../../fakes/gcp/live.js';
import { FakeBigQuery } from '../../../fakes/pushdown/bigquery.js';
import { collectFake } from '../helpers.js';

const endpoint = `vm:${gpuMiner.project}/${gpuMiner.zone}/${gpuMiner.name}`;
const first = gpuMiner.launch.getTime() + 30 * 60_000;

/** What BigQuery answers for the sink's vpc_flows export: the miner to a listed pool, and its coverage. */
const bigquery = new FakeBigQuery({
  bytes: 2_000_000,
  rows: [
    {
      rigsight_flow_row: 'hit',
      endpoint,
      scope: gpuMiner.project,
      remote: '107.191.47.239',
      port: 3333,
      match_kind: 'ip-port',
      indicator: '107.191.47.239:3333',
      hour_ms: Math.floor(first / 3_600_000) * 3_600_000,
      first_ms: first,
      last_ms: first + 40 * 60_000,
      records: 40,
      bytes: 90_000,
      packets: 700,
      accepted: 40,
      rejected: 0,
    },
    {
      rigsight_flow_row: 'seen',
      endpoint,
      scope: gpuMiner.project,
      network_id: `${gpuMiner.project}/prod-vpc`,
      first_ms: first,
      last_ms: first + 3_600_000,
      records: 300,
    },
  ],
});

let out: string;
let doc: FindingsDocument;

beforeAll(async () => {
  const estate = acmeEstate();
  plantLive(estate);
  ({ out } = await collectFake(
    estate,
    { bigquery },
    {
      projects: ['acme-prod'],
      live: liveWindow,
      flowPushdown: {
        intel: compileIntel(loadPolicy()).data,
        options: { bigqueryTable: 'acme-logs.vpc_flows.compute_googleapis_com_vpc_flows_*' },
      },
    },
  ));
  doc = await detectDocument({
    telemetry: join(out, 'telemetry'),
    evidence: out,
    policy: loadPolicy(),
    now: liveWindow.until,
    workers: 0,
  });
}, 60_000);

describe('collect --provider gcp --live --bigquery-table: the flow leg pushed down to BigQuery', () => {
  it('runs one dry run and one query job in the table project, over the sharded tables of the window', () => {
    const inserts = bigquery.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));
    expect(inserts.map((r) => r.path)).toEqual([
      '/bigquery/v2/projects/acme-logs/jobs',
      '/bigquery/v2/projects/acme-logs/jobs',
    ]);
    const config = inserts[1]?.body?.configuration as { query?: { query?: string } } | undefined;
    const query = String(config?.query?.query);
    expect(query).toContain('`acme-logs.vpc_flows.compute_googleapis_com_vpc_flows_*`');
    expect(query).toContain("_TABLE_SUFFIX BETWEEN '20261121' AND '20261129'");
  });

  it("keeps BigQuery's answer hashed in the bundle, and detection sees the miner's pool traffic from it", () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.some((f) => f.path.includes('/flow-pushdown/') && f.outcome === 'ok')).toBe(true);
    const d = doc.detections.find((x) => x.instance.id.endsWith(`/instances/${gpuMiner.name}`));
    expect(d?.legs.network.state).toBe('seen');
    expect(d?.destinations).toContain('107.191.47.239:3333');
  });
});
