import { evidenceIntegrity } from '../src/model/evidence-integrity.js';
import type { FindingsDocument } from '../src/model/findings-document.js';
import { inertValues } from '../src/text/inert.js';

const columns = [
  'id',
  'provider',
  'scope',
  'region',
  'control',
  'pillar',
  'severity',
  'status',
  'resource_type',
  'resource_id',
  'reason',
  'remediation',
  'frameworks',
  'evidence',
  'waiver_owner',
  'waiver_expires',
  'first_seen',
  'age_days',
  'evidence_state',
] as const;

/** Spreadsheet apps run cells starting with = + - @ (or tab/CR) as formulas; a leading quote keeps them text. */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  const safe = formulaSafe(value);
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** findings.csv: one row per finding, RFC 4180 quoting, formula-safe. */
export function renderCsv(raw: FindingsDocument): string {
  const doc = inertValues(raw);
  // First seen and age come from the history store (`--history`); empty without it.
  const seen = new Map((doc.history?.changes.findings.items ?? []).map((c) => [c.key, c]));
  // On every row: a spreadsheet cut from this file still says whether its evidence verified.
  const integrity = evidenceIntegrity(doc).state;
  const rows = doc.findings.map((f) =>
    [
      f.id,
      f.provider,
      f.scope,
      f.region ?? '',
      f.control,
      f.pillar,
      f.severity,
      f.status,
      f.resource.type,
      f.resource.id,
      f.reason,
      f.remediation,
      f.frameworks.join('; '),
      f.evidence.map((e) => `${e.file}${e.pointer ? `#${e.pointer}` : ''}`).join('; '),
      f.waiver?.owner ?? '',
      f.waiver?.expires ?? '',
      seen.get(f.id)?.firstSeen ?? '',
      String(seen.get(f.id)?.ageDays ?? ''),
      integrity,
    ]
      .map(cell)
      .join(','),
  );
  return `${[columns.join(','), ...rows].join('\r\n')}\r\n`;
}

function table(header: readonly string[], rows: string[][]): string {
  return `${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`;
}

/** detections.csv: one row per instance with its verdict, legs, creator and pool destinations. */
export function renderDetectionsCsv(raw: FindingsDocument): string {
  const doc = inertValues(raw);
  return table(
    [
      'id',
      'provider',
      'scope',
      'region',
      'instance',
      'verdict',
      'score',
      'created_by',
      'created_at',
      'creation',
      'cpu',
      'network',
      'destinations',
      'explanation',
      'waiver_owner',
      'evidence',
    ],
    doc.detections.map((d) => [
      d.id,
      d.provider,
      d.scope,
      d.instance.region ?? '',
      d.instance.id,
      d.verdict,
      String(d.score),
      d.createdBy ?? '',
      d.createdAt ?? '',
      `${d.legs.creation.state}: ${d.legs.creation.detail}`,
      `${d.legs.cpu.state}: ${d.legs.cpu.detail}`,
      `${d.legs.network.state}: ${d.legs.network.detail}`,
      d.destinations.join('; '),
      d.explanation,
      d.waiver?.owner ?? '',
      d.evidence.map((e) => `${e.file}${e.pointer ? `#${e.pointer}` : ''}`).join('; '),
    ]),
  );
}

/** creators.csv: one row per principal and path that can create compute. */
export function renderCreatorsCsv(raw: FindingsDocument): string {
  const doc = inertValues(raw);
  return table(
    [
      'provider',
      'scope',
      'principal',
      'principal_type',
      'kind',
      'path',
      'actions',
      'via',
      'escalation',
      'conditions',
      'external',
      'long_lived_keys',
      'approved',
      'approved_by',
      'rank',
      'grants',
    ],
    doc.creators.map((c) => [
      c.provider,
      c.scope,
      c.principal.id,
      c.principal.type,
      c.kind,
      c.path,
      c.actions.join('; '),
      c.via.join(' > '),
      (c.escalation ?? []).join('; '),
      (c.conditions ?? []).map((k) => k.text).join('; '),
      String(c.external),
      String(c.longLivedKeys ?? false),
      String(c.approved),
      c.approvedBy ?? '',
      String(c.rank),
      c.grants.map((g) => `${g.effect} ${g.policy} ${g.statement}`).join('; '),
    ]),
  );
}
