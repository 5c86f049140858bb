import { describe, expect, it } from 'vitest';
import { formulaSafe } from '../../reports/csv.js';

describe('CSV formula safety', () => {
  it('neutralizes cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])
      expect(formulaSafe(bad).startsWith("'")).toBe(true);
  });
  it('leaves ordinary values alone', () => {
    expect(formulaSafe('sg-0abc (web)')).toBe('sg-0abc (web)');
  });
});
