import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, validatePolicyFile } from '../../../src/policy/load.js';

describe('policy validate checks against the catalog and the calendar', () => {
  it('names an unknown control under controls: and in a waiver, and a date that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-policy-'));
    const file = join(dir, 'typo.yaml');
    writeFileSync(
      file,
      'version: 1\ncontrols:\n  audit-loging: {enabled: false}\nwaivers:\n  - {control: egress-restrictoin, resource: sg-1, owner: me, reason: x, expires: 2027-02-30}\n',
    );
    const messages = validatePolicyFile(file).map(formatProblem);
    expect(messages).toEqual([
      `${file}:3:3: unknown key "audit-loging" in controls`,
      expect.stringMatching(/:5:15: waivers\.0\.control: unknown control "egress-restrictoin"/),
      expect.stringMatching(/:5:82: waivers\.0\.expires: not a date in the calendar/),
    ]);
  });

  it('stops a YAML alias bomb with a message, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-policy-'));
    const file = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
    ])
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    writeFileSync(file, `${levels.join('\n')}\n`);
    expect(validatePolicyFile(file).map(formatProblem)).toEqual([
      expect.stringMatching(/bomb\.yaml: the YAML cannot be expanded: Excessive alias count/),
    ]);
  });
});
