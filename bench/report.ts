// Renders 50,000 findings across 500 scopes to every format, prints time and size, and the ratio to a
// baseline measured in the same run (serialising findings.json, the least any report must do). With a
// Chromium present it also loads the HTML and times a search and a page turn, to show it stays responsive.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { renderCsv } from '../reports/csv.js';
import { renderModelHtml } from '../reports/html.js';
import { renderJson } from '../reports/json.js';
import { renderModelMarkdown } from '../reports/markdown.js';
import { buildReportModel } from '../reports/model.js';
import { renderOcsf } from '../reports/ocsf.js';
import { chromiumArgs, findChromium } from '../reports/pdf.js';
import { buildDocument } from '../src/assess/document.js';
import { findingId } from '../src/controls/engine.js';
import type { Finding, Pillar, Severity, Status } from '../src/model/finding.js';
import type { Scope } from '../src/model/scope.js';
import { loadPolicy } from '../src/policy/load.js';

const SCOPES = 500;
const FINDINGS = 50_000;
const controls: [string, Pillar, Severity][] = [
  ['audit-logging', 'logging-retention', 'high'],
  ['audit-retention', 'logging-retention', 'medium'],
  ['flow-logging', 'logging-retention', 'high'],
  ['flow-retention', 'logging-retention', 'medium'],
  ['metric-logging', 'logging-retention', 'medium'],
  ['dns-logging', 'logging-retention', 'medium'],
  ['creation-permissions', 'creation-governance', 'high'],
  ['creation-guardrails', 'creation-governance', 'medium'],
  ['egress-restriction', 'egress-control', 'high'],
  ['threat-detection', 'detection-response', 'high'],
  ['cost-anomaly', 'detection-response', 'medium'],
  ['ownership-tagging', 'ownership-change', 'low'],
];
const statuses: Status[] = ['pass', 'pass', 'pass', 'fail', 'fail', 'unassessed', 'waived', 'not_applicable'];

/** A deterministic pseudo-random estate: same findings every run. */
function estate() {
  let seed = 42;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const scopes: Scope[] = Array.from({ length: SCOPES }, (_, i) => ({
    provider: 'aws',
    id: String(100000000000 + i),
    name: `account-${i}`,
    status: i % 17 === 0 ? 'partial' : 'assessed',
    regions: [],
    evidence: [],
  }));
  const findings: Finding[] = [];
  for (let i = 0; i < FINDINGS; i++) {
    const scope = scopes[i % SCOPES]?.id ?? '';
    const [control, pillar, severity] = controls[Math.floor(rand() * controls.length)] ?? [
      'audit-logging',
      'logging-retention',
      'high',
    ];
    const status = statuses[Math.floor(rand() * statuses.length)] ?? 'pass';
    const region = ['us-east-1', 'eu-west-1', 'ap-southeast-2'][i % 3] ?? 'us-east-1';
    const resource = {
      id: `i-${i.toString(16).padStart(17, '0')}`,
      type: 'AWS::EC2::Instance',
      name: `web-${i}`,
    };
    const file = `aws/${scope}/${region}/ec2/DescribeInstances.json`;
    findings.push({
      id: findingId('aws', scope, control, resource.id),
      control,
      pillar,
      title: `Title of ${control}`,
      severity,
      status,
      provider: 'aws',
      scope,
      region,
      resource,
      reason: `${control} ${status} on ${resource.id} (${resource.name}) in ${scope} ${region}.`,
      evidence: [
        {
          file,
          sha256: 'ab'.repeat(32),
          api: 'ec2:DescribeInstances',
          collectedAt: '2026-11-26T09:14:02Z',
          pointer: `/Reservations/${i % 50}/Instances/0`,
        },
      ],
      remediation: `Fix ${control}.`,
      frameworks: ['ATT&CK T1496.001', 'NIST 800-53 SI-4'],
      ...(status === 'waived'
        ? { waiver: { owner: 'ops@example.com', reason: 'accepted', expires: '2027-06-30' } }
        : {}),
    });
  }
  return buildDocument({
    policy: loadPolicy(),
    now: new Date('2026-11-27T00:00:00Z'),
    manifestSha256: 'cd'.repeat(32),
    inputs: {
      filesRead: 4000,
      unreadable: [],
      unrecognized: [],
      manifest: { present: true, verified: true, problems: [] },
      regionsSkipped: [],
    },
    scopes,
    findings,
    creators: [],
    detections: [],
    coverage: [],
    waivers: [],
  });
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Polls the pager's "Showing …" line from Node (the report's CSP forbids evaluating strings in the page). */
async function waitForCount(page: Page, done: (text: string) => boolean): Promise<void> {
  const until = Date.now() + 30_000;
  while (!done((await page.locator('#f-count').textContent()) ?? '')) {
    if (Date.now() > until) throw new Error('the findings table did not update within 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  const [doc, buildMs] = time(estate);
  console.log(
    `estate: ${doc.findings.length} findings across ${doc.scopes.length} scopes (built and scored in ${buildMs.toFixed(0)} ms)`,
  );
  const out = mkdtempSync(join(tmpdir(), 'rigsight-bench-'));
  renderModelHtml(buildReportModel(doc)); // warm-up: template compile, JIT
  const [json, baselineMs] = time(() => renderJson(doc));
  const [model, modelMs] = time(() => buildReportModel(doc));
  const [html, htmlMs] = time(() => renderModelHtml(model));
  const [csv, csvMs] = time(() => renderCsv(doc));
  const [ocsf, ocsfMs] = time(() => renderOcsf(doc));
  const [md, mdMs] = time(() => renderModelMarkdown(model));
  const files = {
    'findings.json': json,
    'report.html': html,
    'findings.csv': csv,
    'findings.ocsf.json': ocsf,
    'summary.md': md,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  const size = (name: string) => statSync(join(out, name)).size;
  const reportMs = modelMs + htmlMs;
  console.log(
    `baseline  findings.json serialise     ${baselineMs.toFixed(0).padStart(6)} ms  ${mb(size('findings.json'))}`,
  );
  console.log(
    `report    model + report.html         ${reportMs.toFixed(0).padStart(6)} ms  ${mb(size('report.html'))}  (model ${modelMs.toFixed(0)} ms, html ${htmlMs.toFixed(0)} ms)`,
  );
  console.log(
    `          findings.csv                ${csvMs.toFixed(0).padStart(6)} ms  ${mb(size('findings.csv'))}`,
  );
  console.log(
    `          findings.ocsf.json          ${ocsfMs.toFixed(0).padStart(6)} ms  ${mb(size('findings.ocsf.json'))}`,
  );
  console.log(
    `          summary.md                  ${mdMs.toFixed(0).padStart(6)} ms  ${mb(size('summary.md'))}`,
  );
  const all = reportMs + csvMs + ocsfMs + mdMs + baselineMs;
  console.log(
    `all formats ${all.toFixed(0)} ms (target < 5000 ms: ${all < 5000 ? 'met' : 'MISSED'}); report.html / baseline = ${(reportMs / baselineMs).toFixed(2)}x`,
  );

  const chromiumPath = findChromium();
  if (!chromiumPath) {
    console.log('browser: skipped (no Chromium; apt-get install chromium or set RIGSIGHT_CHROMIUM)');
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = performance.now();
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    await page.waitForSelector('#f-rows tr');
    const loadMs = performance.now() - t0;
    const rows = await page.locator('#f-rows tr').count();
    const t1 = performance.now();
    await page.fill('#f-search', 'web-4999');
    await waitForCount(page, (t) => !/of 50000 \(/.test(t));
    const searchMs = performance.now() - t1 - 120; // less the input debounce
    const t2 = performance.now();
    await page.click('#f-reset');
    await page.click('#f-next');
    await waitForCount(page, (t) => t.startsWith('Showing 51'));
    const pageMs = performance.now() - t2;
    console.log(
      `browser: report.html loaded and first page drawn in ${loadMs.toFixed(0)} ms (${rows} rows in the DOM); search over ${FINDINGS} findings ${Math.max(0, searchMs).toFixed(0)} ms; clear + next page ${pageMs.toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
  }
}

await main();
