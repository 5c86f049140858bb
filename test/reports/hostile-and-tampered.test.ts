import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCreatorsCsv, renderCsv, renderDetectionsCsv } from '../../reports/csv.js';
import { renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { summarize } from '../../src/cli/summary.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { detection, twoAccountEstate } from '../helpers/findings-fixtures.js';

const HOSTILE = 'Boto3/1.34 \u001b]0;owned\u0007\u001b[2J\u001b[31m\u202eenimrab si siht';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the test
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('a hostile string from a cloud or a log is inert in every output a person reads', () => {
  const doc = twoAccountEstate({
    detections: [
      {
        ...detection({ instanceId: 'i-0hostile00000001', scope: '444455556666' }),
        createdBy: HOSTILE,
        explanation: HOSTILE,
      },
    ],
  });
  if (doc.findings[0]) doc.findings[0].reason = HOSTILE;

  it.each([
    ['report.html', () => renderHtml(doc)],
    ['summary.md', () => renderMarkdown(doc)],
    ['findings.csv', () => renderCsv(doc)],
    ['terminal summary', () => summarize(doc, [])],
  ])('%s carries no control or bidi character', (_sink, render) => {
    const text = render();
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain('\\x1b]0;owned\\x07');
    expect(text).toContain('\\u202e');
  });

  it('detections and creators get CSV files of their own', () => {
    expect(renderDetectionsCsv(doc).split('\r\n')[0]).toMatch(/^id,provider,scope,region,instance,verdict/);
    expect(renderCreatorsCsv(doc).split('\r\n')[0]).toMatch(
      /^provider,scope,principal,principal_type,kind,path/,
    );
  });
});

describe('a modified bundle cannot produce a report that looks clean', () => {
  it('puts a banner on the terminal, every report and the CSV rows, names the file, and leads the top risks', async () => {
    const bundle = join(tempDir(), 'bundle');
    cpSync('demo/bundle', bundle, { recursive: true });
    const file = join(bundle, 'aws/444455556666/us-east-1/guardduty/ListDetectors.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"DetectorIds"', '"DetectorIds" '));
    const out = tempDir();
    const r = await runCli(
      'assess',
      '--evidence',
      bundle,
      '--allow-unverified',
      '--format',
      'html,md,csv',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(
      /^UNVERIFIED EVIDENCE: the bundle does not match its manifest \(modified: aws\/444455556666\/us-east-1\/guardduty\/ListDetectors\.json/,
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<p class="integrity-banner" role="alert">UNVERIFIED EVIDENCE/);
    expect(html).toMatch(
      /<span class="sev sev-critical">critical<\/span><strong>The evidence does not match its manifest/,
    );
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(
      /^# rigsight[^\n]*\n\n> \*\*UNVERIFIED EVIDENCE/,
    );
    const rows = readFileSync(join(out, 'findings.csv'), 'utf8').trim().split('\r\n').slice(1);
    expect(rows.every((row) => row.endsWith(',modified'))).toBe(true);
  });
});
