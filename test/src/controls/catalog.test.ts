import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapters } from '../../../providers/index.js';
import { catalog } from '../../../src/controls/catalog.js';
import { renderCatalogMarkdown, renderControlsDoc } from '../../../src/controls/catalog-docs.js';
import { frameworkIndex, loadFrameworks } from '../../../src/controls/frameworks.js';
import { controlIds } from '../../../src/model/control-ids.js';
import { pillars, severities } from '../../../src/model/finding.js';
import { packageRoot } from '../../../src/package-info.js';

describe('the AN0744 control catalog', () => {
  it('keeps the shipped control ids, in report order (ids are a public contract)', () => {
    expect(catalog.map((c) => c.id)).toEqual([
      'audit-logging',
      'audit-retention',
      'flow-logging',
      'flow-retention',
      'metric-logging',
      'dns-logging',
      'creation-permissions',
      'creation-guardrails',
      'egress-restriction',
      'threat-detection',
      'cost-anomaly',
      'ownership-tagging',
    ]);
  });

  it('gives every control a title, rationale, remediation, grain, a valid pillar and severity', () => {
    for (const c of catalog) {
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.rationale.length, c.id).toBeGreaterThan(40);
      expect(c.remediation.length, c.id).toBeGreaterThan(40);
      expect(c.grain.length, c.id).toBeGreaterThan(3);
      expect(pillars, c.id).toContain(c.pillar);
      expect(severities, c.id).toContain(c.severity);
    }
  });

  it('covers every pillar', () => {
    expect(new Set(catalog.map((c) => c.pillar))).toEqual(new Set(pillars));
  });

  it('maps every control to ATT&CK and NIST 800-53, and every mapping names a real control', () => {
    const frameworks = loadFrameworks();
    const ids = new Set(catalog.map((c) => c.id));
    for (const f of frameworks.frameworks)
      for (const r of f.requirements)
        for (const id of r.controls) expect(ids, `${f.prefix} ${r.id}`).toContain(id);
    const refs = frameworkIndex(frameworks);
    for (const c of catalog) {
      expect(
        refs(c.id, 'aws').some((r) => r.startsWith('ATT&CK T1496')),
        c.id,
      ).toBe(true);
      expect(
        refs(c.id, 'aws').some((r) => r.startsWith('NIST 800-53')),
        c.id,
      ).toBe(true);
    }
  });

  it('is documented in the README and docs/controls.md exactly as generated (npm run generate)', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    expect(readme).toContain(renderCatalogMarkdown());
    expect(readFileSync(join(packageRoot, 'docs', 'controls.md'), 'utf8')).toBe(renderControlsDoc());
  });

  it('implements exactly the published control ids, in order', () => {
    expect(catalog.map((c) => c.id)).toEqual([...controlIds]);
  });

  it('has a fix in every registered cloud for every control, and names no cloud in its own remediation', () => {
    const clouds = /\b(aws|azure|gcp|cloudtrail|guardduty|vpc|defender|arn:)\b/i;
    for (const c of catalog) {
      expect(c.remediation, c.id).not.toMatch(clouds);
      for (const a of adapters())
        expect(a.vocabulary.remediation[c.id]?.text, `${a.provider} ${c.id}`).toBeTruthy();
    }
  });
});
