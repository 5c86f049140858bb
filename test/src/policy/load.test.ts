import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, PolicyError, validatePolicyFile } from '../../../src/policy/load.js';

function policyFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-policy-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadPolicy', () => {
  it('gives the documented defaults without a file', () => {
    const { policy, source } = loadPolicy();
    expect(source).toBe('default');
    expect(policy.retention).toEqual({ auditDays: 365, flowDays: 90, dnsDays: 90 });
    expect(policy.metrics).toEqual({ cpuResolutionMinutes: 5, requireAlarm: true });
    expect(policy.detection.cpu).toEqual({ threshold: 80, sustainMinutes: 15 });
    expect(policy.intel.miningPorts).toContain(3333);
    expect(policy.intel.miningPorts).not.toContain(443);
  });

  it('overrides key by key and replaces lists', () => {
    const file = policyFile('retention:\n  auditDays: 400\ntags:\n  required: [owner, change-ticket]\n');
    const { policy, source, baseDir } = loadPolicy(file);
    expect(source).toBe(file);
    expect(baseDir).toBe(join(file, '..'));
    expect(policy.retention).toEqual({ auditDays: 400, flowDays: 90, dnsDays: 90 });
    expect(policy.tags.required).toEqual(['owner', 'change-ticket']);
  });

  it('accepts an empty file as the defaults', () => {
    expect(loadPolicy(policyFile('')).policy.retention.auditDays).toBe(365);
  });
});

describe('validatePolicyFile', () => {
  it('names file, line and column of a misspelt key', () => {
    const file = policyFile('retention:\n  auditDays: 365\n  flowDyas: 30\n');
    const problems = validatePolicyFile(file);
    expect(problems).toEqual([{ file, line: 3, column: 3, message: 'unknown key "flowDyas" in retention' }]);
  });

  it('reports every wrong value, each at its own position', () => {
    const file = policyFile(
      [
        'metrics:',
        '  cpuResolutionMinutes: five',
        'waivers:',
        '  - control: egress-restriction',
        '    resource: sg-1',
        '    owner: net-team',
        '    reason: vendor appliance',
        '    expires: next week',
      ].join('\n'),
    );
    const problems = validatePolicyFile(file);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 25],
      [8, 14],
    ]);
    expect(problems[0]?.message).toMatch(/metrics\.cpuResolutionMinutes/);
    expect(problems[1]?.message).toMatch(/ISO 8601 date/);
  });

  it('reports YAML syntax errors with their position', () => {
    const file = policyFile('retention:\n  auditDays: [1, 2\n');
    const [problem] = validatePolicyFile(file);
    expect(problem?.file).toBe(file);
    expect(problem?.line).toBeGreaterThan(0);
  });

  it('rejects a policy that is not a mapping', () => {
    expect(() => loadPolicy(policyFile('- a\n- b\n'))).toThrow(PolicyError);
  });

  it('names a file that does not exist', () => {
    expect(validatePolicyFile('/nonexistent/policy.yaml')[0]?.message).toMatch(/cannot read/);
  });
});
