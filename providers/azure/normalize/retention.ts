import { type EvidenceRef, type Known, unknown } from '../../../src/model/evidence.js';
import type { LogDestination } from '../../../src/model/logging.js';
import { managementPolicy, table, workspace } from '../shapes.js';
import { type AzureContext, readObject } from './context.js';

const prefixes = {
  activity: 'insights-activity-logs/',
  flows: 'insights-logs-flowlogflowevent/',
} as const;

function subscriptionOf(id: string): string | undefined {
  return /\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
}

/** How long Log Analytics workspaces and storage accounts keep what lands in them (read once per resource). */
export class RetentionLookup {
  private readonly workspaces = new Map<string, ReturnType<RetentionLookup['findWorkspace']>>();

  constructor(private readonly ctx: AzureContext) {}

  /** A workspace destination: the table's total retention (archive included) overrides the workspace's. */
  workspace(workspaceId: string, tableName: 'AzureActivity' | 'NTANetAnalytics'): LogDestination {
    const id = this.ctx.ids.of(workspaceId);
    const found = this.workspaceEntry(workspaceId);
    if (!found.ws) return { kind: 'workspace', id, retentionDays: unknown(found.why), evidence: [] };
    const evidence = [found.ws.ref];
    const t = readObject(
      this.ctx,
      table,
      found.folder,
      'monitor-log-analytics-workspace-table-show',
      `${found.ws.name}/${tableName}`,
    );
    if (t.kind === 'ok') {
      const days = t.value.totalRetentionInDays ?? t.value.retentionInDays ?? found.ws.days;
      return {
        kind: 'workspace',
        id,
        retentionDays: days ?? unknown('the workspace states no retention'),
        evidence: [...evidence, t.ref()],
      };
    }
    // No table yet (nothing written), or the table was not read: the workspace's retention applies when known.
    const answered = t.kind === 'error' && /NotFound/i.test(t.code);
    const days: Known<number | null> =
      found.ws.days !== undefined && (answered || t.kind === 'missing')
        ? found.ws.days
        : unknown(
            t.kind === 'error'
              ? `the ${tableName} table of ${found.ws.name} could not be read (${t.code})`
              : 'the workspace states no retention',
            t.kind === 'error' ? [t.ref()] : [],
          );
    return { kind: 'workspace', id, retentionDays: days, evidence };
  }

  private workspaceEntry(workspaceId: string) {
    const key = workspaceId.toLowerCase();
    let entry = this.workspaces.get(key);
    if (!entry) {
      entry = this.findWorkspace(workspaceId);
      this.workspaces.set(key, entry);
    }
    return entry;
  }

  private findWorkspace(workspaceId: string): {
    folder: string;
    ws?: { name: string; days?: number; ref: EvidenceRef };
    why: string;
  } {
    const folder = subscriptionOf(workspaceId) ?? '';
    const read = this.ctx.files.read(folder, 'monitor-log-analytics-workspace-list');
    if (read.kind !== 'ok')
      return {
        folder,
        why:
          read.kind === 'missing'
            ? `workspace ${workspaceId} is in subscription ${folder}, whose workspaces were not collected`
            : `the workspaces of subscription ${folder} could not be read (${read.code})`,
      };
    const list = Array.isArray(read.data) ? read.data : ((read.data as { value?: unknown[] }).value ?? []);
    for (const [i, raw] of list.entries()) {
      const parsed = workspace.safeParse(raw);
      if (!parsed.success || parsed.data.id.toLowerCase() !== workspaceId.toLowerCase()) continue;
      const at = Array.isArray(read.data) ? `/${i}` : `/value/${i}`;
      const days =
        parsed.data.retentionInDays ??
        (raw as { properties?: { retentionInDays?: number } }).properties?.retentionInDays;
      return {
        folder,
        ws: { name: parsed.data.name, ...(days != null ? { days } : {}), ref: read.ref(at) },
        why: '',
      };
    }
    return { folder, why: `workspace ${workspaceId} is not in the workspace list of subscription ${folder}` };
  }

  /** Days the storage account keeps blobs under `kind`'s prefix: its lifecycle delete rule; none = never deleted. */
  storage(
    storageId: string,
    kind: keyof typeof prefixes,
  ): { days: Known<number | null>; evidence: LogDestination['evidence'] } {
    const folder = subscriptionOf(storageId) ?? '';
    const account = storageId.split('/').pop() ?? storageId;
    const read = readObject(
      this.ctx,
      managementPolicy,
      folder,
      'storage-account-management-policy-show',
      account,
    );
    if (read.kind === 'error' && read.code === 'ManagementPolicyNotFound')
      return { days: null, evidence: [read.ref()] };
    if (read.kind !== 'ok') {
      const why =
        read.kind === 'missing'
          ? `the lifecycle policy of storage account ${account} was not collected`
          : `the lifecycle policy of storage account ${account} could not be read (${read.code})`;
      return { days: unknown(why, read.kind === 'error' ? [read.ref()] : []), evidence: [] };
    }
    let days: number | null = null;
    for (const rule of read.value.policy?.rules ?? []) {
      if (rule.enabled === false) continue;
      const match = rule.definition?.filters?.prefixMatch;
      if (match?.length && !match.some((p) => prefixes[kind].startsWith(p) || p.startsWith(prefixes[kind])))
        continue;
      const del = rule.definition?.actions?.baseBlob?.delete;
      const d =
        del?.daysAfterModificationGreaterThan ??
        del?.daysAfterCreationGreaterThan ??
        del?.daysAfterLastAccessTimeGreaterThan;
      if (d != null) days = days === null ? d : Math.min(days, d);
    }
    return { days, evidence: [read.ref()] };
  }
}
