// Five scheduled runs over the demo estate with planted changes: a gap fixed, a new unapproved creator, a
// regression, a region not collected, and a waiver nearing expiry. Each gives the expected diff, trend and gates.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { FindingsDocument } from '../../../src/model/findings-document.js';
import type { HistoryChange } from '../../../src/model/history.js';
import { demoDir } from '../../../src/package-info.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { eachBackend } from '../../helpers/history.js';

const mgmt = '111122223333';
const workloads = '444455556666';

eachBackend((backend) => {
  it('five demo runs give the expected diff, trend and gates', { timeout: 120_000 }, async () => {
    const history = await backend.fresh();
    const work = tempDir('rigsight-sequence-');
    const bundle = join(work, 'bundle');
    const policyText = readFileSync(join(demoDir, 'policy.yaml'), 'utf8');
    const policy = join(work, 'policy.yaml');
    const guardduty = (region: string) => join(bundle, 'aws', mgmt, region, 'guardduty');

    const audit = async (day: number, failOn: string[] = []) => {
      const out = join(work, `run-${day}`);
      const r = await runCli(
        'audit',
        '--evidence',
        bundle,
        '--allow-unverified',
        '--policy',
        policy,
        '--telemetry',
        join(demoDir, 'telemetry'),
        '--history',
        history,
        '--now',
        `2026-11-2${day}T06:00:00Z`,
        '--out',
        out,
        '--format',
        'html,json,md',
        ...failOn.flatMap((f) => ['--fail-on', f]),
      );
      const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
      return { ...r, doc, html: readFileSync(join(out, 'report.html'), 'utf8') };
    };
    const finding = (doc: FindingsDocument, label: string): HistoryChange | undefined =>
      doc.history?.changes.findings.items.find((c) => c.label.startsWith(label));

    // Run 1: the demo estate as shipped.
    cpSync(join(demoDir, 'bundle'), bundle, { recursive: true });
    writeFileSync(policy, policyText);
    const one = await audit(1, ['new:high']);
    expect(one.code).toBe(0);
    expect(one.doc.history?.previous).toBeNull();
    expect(finding(one.doc, `threat-detection ${mgmt}/eu-west-1`)).toMatchObject({
      change: 'persisting',
      ageDays: 0,
    });

    // Run 2: a gap fixed — GuardDuty turned on in the management account's eu-west-1.
    cpSync(guardduty('us-east-1'), guardduty('eu-west-1'), { recursive: true });
    const two = await audit(2, ['new:high']);
    expect(two.code).toBe(0);
    expect(finding(two.doc, `threat-detection ${mgmt}/eu-west-1`)).toMatchObject({
      change: 'resolved',
      was: 'fail',
    });
    expect(two.doc.history?.changes.findings.counts.resolved).toBeGreaterThanOrEqual(1);
    expect(two.html).toMatch(/class="status-pass">\d+ fixed<\/a> since run \d+/);

    // Run 3: a new unapproved creator — the deployment role loses its approval.
    writeFileSync(policy, policyText.replace('role/deploy-pipeline', 'role/deploy-pipeline-v2'));
    const three = await audit(3, ['new:high']);
    expect(three.code).toBe(0); // new, but low: below the gate
    const creator = three.doc.history?.changes.creators.items.find(
      (c) => c.label === `arn:aws:iam::${workloads}:role/deploy-pipeline`,
    );
    expect(creator).toMatchObject({ change: 'new', was: 'approved', now: 'unapproved' });
    expect(
      finding(three.doc, `creation-permissions arn:aws:iam::${workloads}:role/deploy-pipeline`),
    ).toMatchObject({
      change: 'new',
      severity: 'low',
    });
    expect((await runCli('history', 'diff', '--history', history, '--fail-on', 'new:low')).code).toBe(1);

    // Run 4: a regression — GuardDuty gone again in eu-west-1; the gate for new high findings trips.
    rmSync(guardduty('eu-west-1'), { recursive: true });
    cpSync(join(demoDir, 'bundle', 'aws', mgmt, 'eu-west-1', 'guardduty'), guardduty('eu-west-1'), {
      recursive: true,
    });
    const four = await audit(4, ['new:high']);
    expect(four.code).toBe(1);
    expect(finding(four.doc, `threat-detection ${mgmt}/eu-west-1`)).toMatchObject({
      change: 'regressed',
      severity: 'high',
      firstSeen: '2026-11-21T06:00:00.000Z',
      ageDays: 3,
    });
    expect(four.out).toMatch(/- regressed high threat-detection 111122223333\/eu-west-1/);

    // Run 5: eu-west-1 of the workloads account not collected, and a waiver that expires in 8 days.
    rmSync(join(bundle, 'aws', workloads, 'eu-west-1'), { recursive: true });
    writeFileSync(
      policy,
      `${policyText.replace('role/deploy-pipeline', 'role/deploy-pipeline-v2')}  - control: egress-restriction
    resource: sg-0a11b00000000003a
    owner: web-team@acme.example
    reason: launch wizard group replaced in CHG-2291
    expires: 2026-12-03
`,
    );
    const five = await audit(5, ['new:high']);
    expect(five.code).toBe(0);
    const unknown = five.doc.history?.changes.findings.items.filter((c) => c.change === 'unknown') ?? [];
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.every((c) => c.scope === workloads && c.region === 'eu-west-1')).toBe(true);
    expect(
      five.doc.history?.changes.findings.items.filter(
        (c) => c.change === 'resolved' && c.region === 'eu-west-1',
      ),
    ).toEqual([]);
    expect(finding(five.doc, 'egress-restriction sg-0a11b00000000003a')).toMatchObject({
      change: 'changed',
      changes: ['fail → waived'],
    });
    expect(five.html).toContain('<h3>Waivers expiring within 14 days</h3>');
    expect(five.html).toMatch(
      /<code>sg-0a11b00000000003a<\/code>: web-team@acme.example, expires 2026-12-03 \(8 days left\)/,
    );
    expect(five.out).toContain('expires 2026-12-03, in 8 days');

    // The trend: five runs, oldest first, with grade and pillars each.
    const trend = five.doc.history?.trend ?? [];
    expect(trend.map((p) => p.at.slice(0, 10))).toEqual([
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
    expect(trend.every((p) => Object.keys(p.pillars).length === 5)).toBe(true);
    expect(trend[1]?.pillars['detection-response']).toBeGreaterThan(
      trend[0]?.pillars['detection-response'] ?? 100,
    );
    expect(five.html).toContain('aria-label="Score over 5 runs');

    // The history commands see the same sequence.
    const list = await runCli('history', 'list', '--history', history, '--format', 'json');
    expect((JSON.parse(list.out) as unknown[]).length).toBe(5);
    const whole = await runCli('history', 'diff', '1', '5', '--history', history, '--format', 'json');
    const diff = JSON.parse(whole.out) as { changes: { creators: { counts: { new: number } } } };
    expect(diff.changes.creators.counts.new).toBe(1);
    // Re-rendering run 5's findings.json gives the same report: history travels in the document.
    const again = tempDir();
    await runCli('report', '--in', join(work, 'run-5', 'findings.json'), '--out', again, '--format', 'html');
    expect(readFileSync(join(again, 'report.html'), 'utf8')).toBe(five.html);
  });
});
