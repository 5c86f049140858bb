import { z } from 'zod';

/** `aws iam get-credential-report` output: the CSV is base64 in Content (the SDK's bytes when serialised). */
const reportSchema = z.object({
  Content: z.union([z.string(), z.array(z.number()), z.record(z.string(), z.number())]),
  ReportFormat: z.string().optional(),
  GeneratedTime: z.string().optional(),
});

export interface CredentialRow {
  user: string;
  arn: string;
  /** An active access key (long-lived credentials that work without federation). */
  activeAccessKey: boolean;
  passwordEnabled: boolean;
  /** CSV line (1-based) of the row, for citations. */
  line: number;
}

export type ParsedReport =
  | { ok: true; rows: Map<string, CredentialRow>; generatedTime?: string }
  | { ok: false; reason: string };

function csvText(content: z.infer<typeof reportSchema>['Content']): string {
  if (typeof content === 'string') {
    // Plain CSV (already decoded by hand) starts with the header; otherwise it is base64.
    return content.startsWith('user,') ? content : Buffer.from(content, 'base64').toString('utf8');
  }
  const bytes = Array.isArray(content) ? content : Object.values(content);
  return Buffer.from(bytes).toString('utf8');
}

/** Parses a GetCredentialReport response; rows are keyed by user ARN (the root user by its account ARN). */
export function parseCredentialReport(json: unknown): ParsedReport {
  const r = reportSchema.safeParse(json);
  if (!r.success) return { ok: false, reason: 'not a GetCredentialReport response (no Content)' };
  const lines = csvText(r.data.Content).split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const iUser = col('user');
  const iArn = col('arn');
  const iKey1 = col('access_key_1_active');
  const iKey2 = col('access_key_2_active');
  const iPassword = col('password_enabled');
  if (iUser < 0 || iArn < 0 || iKey1 < 0)
    return { ok: false, reason: 'credential report CSV lacks the user, arn or access_key_1_active column' };
  const rows = new Map<string, CredentialRow>();
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const f = line.split(',');
    const arn = f[iArn] ?? '';
    rows.set(arn, {
      user: f[iUser] ?? '',
      arn,
      activeAccessKey: f[iKey1] === 'true' || (iKey2 >= 0 && f[iKey2] === 'true'),
      passwordEnabled: iPassword >= 0 && f[iPassword] === 'true',
      line: i + 2,
    });
  });
  const out: ParsedReport = { ok: true, rows };
  if (r.data.GeneratedTime) out.generatedTime = r.data.GeneratedTime;
  return out;
}
