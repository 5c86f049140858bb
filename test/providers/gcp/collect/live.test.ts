import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveDeclarations } from '../../../../providers/gcp/collect/live-catalog.js';
import { liveCommands } from '../../../../providers/gcp/collect/live-commands.js';
import { gcpCustomRole } from '../../../../providers/gcp/permissions.js';
import { detectDocument } from '../../../../src/detect/document.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { verifyBundle } from '../../../../src/evidence/verify.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { acmeEstate } from '../../../fakes/gcp/estate.js';
import { gpuMiner, liveWindow, plantLive } from '../../../fakes/gcp/live.js';
import type { RequestLog } from '../../../fakes/gcp/server.js';
import { collectFake, TOKEN } from '../helpers.js';

let out: string;
let summary: Awaited<ReturnType<typeof collectFake>>['summary'];
let requests: RequestLog[];
let doc: FindingsDocument;

const read = (path: string) => JSON.parse(readFileSync(join(out, path), 'utf8')) as unknown;
const tel = (project: string, file: string) => `telemetry/gcp/${project}/${file}`;

beforeAll(async () => {
  const estate = acmeEstate();
  plantLive(estate);
  ({ out, summary, requests } = await collectFake(
    estate,
    {},
    { projects: ['acme-prod', 'acme-dev', 'acme-nocompute'], live: liveWindow },
  ));
  doc = await detectDocument({
    telemetry: join(out, 'telemetry'),
    evidence: out,
    policy: loadPolicy(),
    now: liveWindow.until,
    workers: 0,
  });
}, 60_000);

describe('Google Cloud live legs against the fake (googleapis logging, @google-cloud/monitoring and security-center over REST)', () => {
  it('reads Admin Activity entries of the window by POST, paged, only the methods the readers use', () => {
    const posts = requests.filter((r) => r.method === 'POST' && r.path === '/v2/entries:list');
    // Three entries in acme-prod at two a page, one in acme-dev, one denied in acme-nocompute.
    expect(posts.length).toBe(4);
    const prod = read(tel('acme-prod', 'logging-read.json')) as {
      timestamp: string;
      protoPayload: { methodName: string };
    }[];
    expect(prod.map((e) => e.protoPayload.methodName)).toEqual([
      'google.logging.v2.ConfigServiceV2.DeleteSink',
      'beta.compute.instances.insert',
      'beta.compute.instances.insert',
    ]);
    const manifest = read('manifest.json') as Manifest;
    const entry = manifest.files.find((f) => f.path === tel('acme-prod', 'logging-read.json'));
    expect(entry?.parameters).toMatchObject({
      project: 'acme-prod',
      since: '2026-11-21T00:00:00Z',
      until: '2026-11-28T00:00:00Z',
    });
    expect(String(entry?.parameters?.filter)).toContain(
      'logName="projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity"',
    );
  });

  it('reads instance CPU at 300 s ALIGN_MEAN, one series per instance, and crypto findings of the window only', () => {
    const series = read(tel('acme-prod', 'monitoring-time-series-list.json')) as {
      resource: { labels: { instance_id: string } };
      points: unknown[];
    }[];
    expect(series.map((s) => s.resource.labels.instance_id).sort()).toEqual([
      '4815162342000000001',
      '4815162342000000002',
      '4815162342000000003',
      gpuMiner.id,
    ]);
    expect(series[0]?.points.length).toBeGreaterThan(100);
    const findings = read(tel('acme-prod', 'scc-findings-list.json')) as { finding: { category: string } }[];
    // The finding of 20 November is older than the window.
    expect(findings.map((f) => f.finding.category)).toEqual(['Execution: Cryptocurrency Mining YARA Rule']);
    expect(requests.some((r) => r.path === '/v2/projects/acme-prod/sources/-/findings')).toBe(true);
  });

  it('records a denied entries.list and a switched-off Security Command Center as errors, the project partial', () => {
    expect(read(tel('acme-nocompute', 'logging-read.error.json'))).toMatchObject({
      Code: 'PERMISSION_DENIED',
      HttpStatus: 403,
      Command: 'logging-read',
    });
    expect(read(tel('acme-nocompute', 'scc-findings-list.error.json'))).toMatchObject({
      Code: 'SERVICE_DISABLED',
    });
    const manifest = read('manifest.json') as Manifest;
    expect(
      manifest.files.find((f) => f.path === tel('acme-nocompute', 'logging-read.error.json')),
    ).toMatchObject({ outcome: 'error', errorCode: 'PERMISSION_DENIED' });
    expect(summary.scopes.find((s) => s.id === 'acme-nocompute')?.status).toBe('partial');
    expect(summary.scopes.find((s) => s.id === 'acme-dev')?.status).toBe('collected');
  });

  it('writes a bundle that verifies against its manifest, with no token in it', async () => {
    const bundle = await EvidenceBundle.open(out);
    expect(verifyBundle(bundle).ok).toBe(true);
    const files = readdirSync(join(out, 'telemetry', 'gcp', 'acme-prod')).sort();
    expect(files).toEqual([
      'logging-read.json',
      'monitoring-time-series-list.json',
      'scc-findings-list.json',
    ]);
    for (const f of bundle.manifest?.files ?? [])
      if (f.path.startsWith('telemetry/'))
        expect(readFileSync(join(out, f.path), 'utf8')).not.toContain(TOKEN);
  });

  it('replays offline into a mining detection with creation and CPU legs seen', () => {
    const d = doc.detections.find(
      (x) =>
        x.instance.id === `projects/${gpuMiner.project}/zones/${gpuMiner.zone}/instances/${gpuMiner.name}`,
    );
    expect(d, JSON.stringify(doc.detections.map((x) => [x.instance.id, x.verdict]))).toBeDefined();
    expect(['confirmed-mining', 'likely-mining']).toContain(d?.verdict);
    expect(d?.createdBy).toBe(gpuMiner.principal);
    expect(d?.legs.creation.state, JSON.stringify(d?.legs)).toBe('seen');
    expect(d?.legs.cpu.state).toBe('seen');
    expect(d?.evidence.some((e) => e.file.endsWith('scc-findings-list.json'))).toBe(true);
    expect(doc.detections.filter((x) => x.scope === 'acme-dev')).toEqual([]);
    expect(doc.inputs.unrecognized.filter((f) => f.includes('telemetry/'))).toEqual([]);
  });

  it('names the denied audit logs and the absent Security Command Center as blind spots of that project', () => {
    expect(doc.coverage).toContainEqual(
      expect.objectContaining({
        provider: 'gcp',
        scope: 'acme-nocompute',
        leg: 'creation',
        resource: 'Admin Activity audit logs in project acme-nocompute',
        blind: true,
        why: expect.stringMatching(/^Admin Activity audit logs could not be read \(PERMISSION_DENIED/),
      }),
    );
    expect(doc.coverage).toContainEqual(
      expect.objectContaining({
        scope: 'acme-nocompute',
        leg: 'network',
        resource: 'Security Command Center findings in project acme-nocompute',
        why: expect.stringContaining('SERVICE_DISABLED'),
      }),
    );
    const devCpu = doc.coverage.filter((c) => c.scope === 'acme-dev' && c.leg === 'cpu');
    expect(devCpu.length).toBeGreaterThan(0);
    expect(devCpu.every((c) => !c.blind)).toBe(true);
  });

  it('declares only reads, each granted by the generated role, with a leg for every file', () => {
    for (const d of liveDeclarations) {
      expect(d.method.split('.').pop()).toMatch(/^(list|get)/);
      expect(Object.keys(liveCommands)).toContain(d.command);
    }
    expect(gcpCustomRole().includedPermissions).toEqual(
      expect.arrayContaining([
        'logging.logEntries.list',
        'monitoring.timeSeries.list',
        'securitycenter.findings.list',
      ]),
    );
  });
});

describe('Google Cloud live legs under throttling', () => {
  it('retries a 429 on the entries.list POST itself (googleapis does not), and still files the entries', async () => {
    const estate = acmeEstate();
    plantLive(estate);
    const run = await collectFake(
      estate,
      { faults: [{ path: /^\/v2\/entries:list$/, status: 429, times: 2 }] },
      { projects: ['acme-prod'], live: liveWindow },
    );
    const posts = run.requests.filter((r) => r.method === 'POST' && r.path === '/v2/entries:list');
    // Two throttled, then the two pages of acme-prod's entries.
    expect(posts).toHaveLength(4);
    expect(run.summary.retries).toBeGreaterThanOrEqual(2);
    expect(run.summary.scopes[0]?.status).toBe('collected');
    const entries = JSON.parse(
      readFileSync(join(run.out, 'telemetry/gcp/acme-prod/logging-read.json'), 'utf8'),
    ) as unknown[];
    expect(entries).toHaveLength(3);
  }, 60_000);
});
