import type { FindingsDocument } from '../src/model/findings-document.js';

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
export function renderCsv(doc: FindingsDocument): string {
  // First seen and age come from the history store (`--history`); empty without it.
  const seen = new Map((doc.history?.changes.findings.items ?? []).map((c) => [c.key, c]));
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
    ]
      .map(cell)
      .join(','),
  );
  return `${[columns.join(','), ...rows].join('\r\n')}\r\n`;
}
