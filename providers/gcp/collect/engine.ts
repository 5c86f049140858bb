import pLimit, { type LimitFunction } from 'p-limit';
import { type CollectProgress, silentProgress } from '../../../src/collect/progress.js';
import { SecretScrubber } from '../../../src/collect/secrets.js';
import { applyShard, type Shard } from '../../../src/collect/shard.js';
import type { CollectSummary, ScopeSummary } from '../../../src/collect/summary.js';
import { type Rate, TokenBucket } from '../../../src/collect/token-bucket.js';
import { CollectError } from '../../../src/errors.js';
import { BUNDLE_TELEMETRY_DIR } from '../../../src/evidence/manifest.js';
import { BundleWriter } from '../../../src/evidence/writer.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import type { LiveWindow } from '../../adapter.js';
import { errorPath, gcpPath, type HierarchyNode, nodeName } from '../bundle-paths.js';
import type { BigQueryPushdownOptions } from '../pushdown/options.js';
import { declarationOf, declarationsAt } from './catalog.js';
import { GcpClients } from './clients.js';
import { type GcpAuth, gcpCredentials } from './credentials.js';
import { type Declaration, type GcpService, isList, type Json, type KeyContext } from './declaration.js';
import { type CallError, describeError, retryable } from './errors.js';
import { forWindow, liveDeclarations } from './live-catalog.js';
import { defaultRates } from './rate-limits.js';

export interface GcpCollectOptions {
  out: string;
  projects?: string[];
  folder?: string;
  organization?: string;
  /** One base URL for every Google API (a fake cloud, a proxy). Default: RIGSIGHT_GCP_ENDPOINT, else Google's. */
  endpoint?: string;
  /** A credential already built (tests, the bench); default: GOOGLE_OAUTH_ACCESS_TOKEN, else ADC. */
  auth?: GcpAuth;
  /** HTTP calls in flight at once. Default 64. */
  concurrency?: number;
  /** Projects collected at once. Default 24. */
  projectConcurrency?: number;
  /** Attempts per call including the first. Default 6. */
  maxAttempts?: number;
  /** Base backoff between attempts (doubles, with jitter). Default 500 ms; tests use 0. */
  retryDelayMs?: number;
  /** Client-side pacing per API; `false` turns it off. */
  rates?: Partial<Record<GcpService, Rate & { scope: 'project' | 'caller' }>> | false;
  /** Collect only this shard's projects; their folders and organization are read in every shard that needs them. */
  shard?: Shard;
  progress?: CollectProgress;
  clock?: () => Date;
  /** Also pull the live detection legs for this window into `telemetry/gcp/<project>/`. */
  live?: LiveWindow;
  /** With `live`: the flow leg pushed down to this log sink's BigQuery export, once per run. */
  flowPushdown?: { options: BigQueryPushdownOptions; intel: IntelData };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: CallError };
type NodeOutputs = Map<string, unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Collects the projects of a folder or organization (or a list), read-only, into an evidence bundle. */
export async function collectGcp(options: GcpCollectOptions): Promise<CollectSummary> {
  const auth = options.auth ?? (await gcpCredentials());
  const run = new GcpCollectRun(options, auth);
  try {
    return await run.run();
  } finally {
    await run.clients.close();
  }
}

class GcpCollectRun {
  readonly clients: GcpClients;
  private readonly progress: CollectProgress;
  private readonly clock: () => Date;
  private readonly scrubber = new SecretScrubber([[/(access_token=)[\w.~+/-]+/gi, '$1[redacted]']]);
  private readonly writer: BundleWriter;
  private readonly all: LimitFunction;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly ancestorRuns = new Map<string, Promise<NodeOutputs>>();
  private readonly billingRuns = new Map<string, Promise<unknown>>();
  /** A role's description is the same for every project: asked once, written into each project's folder. */
  private readonly roleCalls = new Map<string, Promise<Outcome>>();
  private calls = 0;
  private retries = 0;
  private failedCalls = 0;
  private files = 0;

  constructor(
    private readonly options: GcpCollectOptions,
    private readonly auth: GcpAuth,
  ) {
    const endpoint = options.endpoint ?? process.env.RIGSIGHT_GCP_ENDPOINT;
    this.clients = new GcpClients(auth, endpoint || undefined);
    this.progress = options.progress ?? silentProgress;
    this.clock = options.clock ?? (() => new Date());
    this.writer = new BundleWriter(options.out, this.clock);
    this.all = pLimit(options.concurrency ?? 64);
    this.scrubber.add(...auth.secrets);
  }

  async run(): Promise<CollectSummary> {
    const started = Date.now();
    const origin = this.options.folder
      ? `gcp folders/${this.options.folder}`
      : this.options.organization
        ? `gcp organizations/${this.options.organization}`
        : 'gcp projects (--projects)';
    const projects = applyShard(this.writer, 'gcp', origin, await this.discover(), this.options.shard);
    this.progress.scopesKnown(projects.length);
    const limit = pLimit(this.options.projectConcurrency ?? 24);
    const scopes = await Promise.all(projects.map((p) => limit(() => this.collectProject(p))));
    await this.runFlowPushdown();
    this.writer.finish();
    const summary: CollectSummary = {
      out: this.options.out,
      caller: this.auth.caller,
      scopes,
      calls: this.calls,
      retries: this.retries,
      failedCalls: this.failedCalls,
      files: this.files,
      skippedRegions: 0,
      elapsedMs: Date.now() - started,
    };
    this.progress.finished({
      calls: this.calls,
      errors: this.failedCalls,
      scopes: scopes.length,
      failedScopes: scopes.filter((s) => s.status === 'failed').length,
      ms: summary.elapsedMs,
    });
    return summary;
  }

  /**
   * The flow leg pushed down to BigQuery, once per run: the sink's export table holds every project's vpc_flows, so
   * the query job runs in (and bills to) the table's project.
   */
  private async runFlowPushdown(): Promise<void> {
    const window = this.options.live;
    const push = this.options.flowPushdown;
    if (!window || !push?.options.bigqueryTable) return;
    const { pushDownGcpFlowLeg } = await import('../pushdown/flow-leg.js');
    const endpoint = this.options.endpoint ?? process.env.RIGSIGHT_GCP_ENDPOINT;
    const outcome = await pushDownGcpFlowLeg({
      writer: this.writer,
      window,
      project: push.options.bigqueryTable.split('.')[0] as string,
      client: { ...this.auth.gax, ...(endpoint ? { apiEndpoint: endpoint } : {}) },
      intel: push.intel,
      options: push.options,
    });
    this.calls++;
    if (outcome.state !== 'ok') this.failedCalls++;
  }

  /** The projects to collect: as listed, or every ACTIVE project beneath the folder or organization. */
  private async discover(): Promise<string[]> {
    if (this.options.projects?.length) {
      await this.preflight(this.options.projects[0] as string);
      return [...new Set(this.options.projects)].sort();
    }
    const root = this.options.folder
      ? `folders/${this.options.folder}`
      : this.options.organization
        ? `organizations/${this.options.organization}`
        : undefined;
    if (!root)
      throw new CollectError('say which projects to collect: --projects, --folder or --organization');
    const projects: string[] = [];
    const parents = [root];
    try {
      while (parents.length) {
        const parent = parents.shift() as string;
        const [folders, found] = await Promise.all([
          this.pagesOf(
            'cloudresourcemanager',
            (token) =>
              this.clients.crm3.folders.list(
                { parent, pageSize: 1000, ...(token ? { pageToken: token } : {}) },
                {
                  retry: false,
                },
              ),
            'folders',
          ),
          this.pagesOf(
            'cloudresourcemanager',
            (token) =>
              this.clients.crm3.projects.list(
                { parent, pageSize: 1000, ...(token ? { pageToken: token } : {}) },
                {
                  retry: false,
                },
              ),
            'projects',
          ),
        ]);
        for (const f of folders) if (f.state === 'ACTIVE' && typeof f.name === 'string') parents.push(f.name);
        for (const p of found)
          if (p.state === 'ACTIVE' && typeof p.projectId === 'string') projects.push(p.projectId);
      }
    } catch (err) {
      const e = describeError(err, this.scrubber);
      throw new CollectError(`cannot list the projects beneath ${root} (${e.Code}: ${e.Message})`, [
        'the caller needs resourcemanager.folders.list and resourcemanager.projects.list there (see rigsight permissions --provider gcp)',
      ]);
    }
    if (projects.length === 0) throw new CollectError(`no ACTIVE project beneath ${root}`);
    return projects.sort();
  }

  /** Credentials that Google refuses stop the run before any file is written; anything else is a project's gap. */
  private async preflight(project: string): Promise<void> {
    try {
      await this.send('cloudresourcemanager', undefined, () =>
        this.clients.crm1.projects.get({ projectId: project }, { retry: false }),
      );
    } catch (err) {
      const e = describeError(err, this.scrubber);
      if (e.Code === 'UNAUTHENTICATED' || e.Code === 'EndpointUnreachable')
        throw new CollectError(
          `cannot call Google Cloud with the configured credentials (${e.Code}: ${e.Message})`,
        );
    }
  }

  private async pagesOf(
    service: GcpService,
    call: (token?: string) => Promise<{ data: unknown }>,
    field: string,
  ): Promise<Json[]> {
    const out: Json[] = [];
    let token: string | undefined;
    for (;;) {
      const data = (await this.send(service, undefined, () => call(token).then((r) => r.data))) as Json;
      out.push(...(((data?.[field] as Json[] | undefined) ?? []) as Json[]));
      token = data?.nextPageToken as string | undefined;
      if (!token) return out;
    }
  }

  private async collectProject(project: string): Promise<ScopeSummary> {
    const node: HierarchyNode = { kind: 'project', id: project };
    this.progress.scopeStarted(project);
    this.progress.regionsPlanned(project, 1);
    const outputs: NodeOutputs = new Map();
    const errors: { command: string; error: CallError }[] = [];
    let ok = 0;
    const record = (command: string, o: Outcome) => {
      if (o.ok) {
        ok++;
        outputs.set(command, o.value);
      } else errors.push({ command, error: o.error });
    };
    const ancestorOutputs: NodeOutputs[] = [];
    const ctx: KeyContext = {
      node,
      own: (command) => outputs.get(command),
      ancestors: (command) => ancestorOutputs.map((o) => o.get(command)).filter((v) => v !== undefined),
    };
    const decls = declarationsAt('project');
    const plain = decls.filter((d) => !d.keys);
    const keyed = decls.filter((d) => d.keys && !d.after?.length);
    await Promise.all([
      ...plain.map(async (d) => record(d.command, await this.collectFile(node, d))),
      ...keyed.flatMap((d) =>
        (d.keys as NonNullable<Declaration['keys']>)(ctx).map(async (k) =>
          record(`${d.command}/${k}`, await this.collectFile(node, d, k)),
        ),
      ),
    ]);
    // Folders and the organization above: once per run, shared by every project beneath them.
    const ancestry =
      (outputs.get('projects-get-ancestors') as { id?: string; type?: string }[] | undefined) ?? [];
    const nodes = ancestry
      .filter((a) => (a.type === 'folder' || a.type === 'organization') && a.id)
      .map((a) => ({ kind: a.type as 'folder' | 'organization', id: a.id as string }));
    ancestorOutputs.push(...(await Promise.all(nodes.map((n) => this.collectAncestor(n)))));
    // Per-resource calls named by what was read: service-account policies, then roles and effective policies.
    for (const wave of [
      ['iam-service-accounts-get-iam-policy'],
      ['iam-roles-describe', 'org-policies-describe'],
    ]) {
      await Promise.all(
        wave.flatMap((command) => {
          const d = declarationOf('project', command);
          const keys = (d.keys as NonNullable<Declaration['keys']>)(ctx);
          const gathered: unknown[] = [];
          outputs.set(command, gathered);
          return keys.map(async (k) => {
            const o =
              command === 'iam-roles-describe'
                ? await this.collectRole(node, d, k)
                : await this.collectFile(node, d, k);
            if (o.ok) {
              ok++;
              gathered.push(o.value);
            } else errors.push({ command: `${command}/${k}`, error: o.error });
          });
        }),
      );
    }
    const live = this.options.live;
    if (live)
      await Promise.all(
        liveDeclarations.map(async (d) =>
          record(`telemetry/${d.command}`, await this.collectFile(node, forWindow(d, live, project))),
        ),
      );
    const account = (outputs.get('billing-projects-describe') as Json | undefined)?.billingAccountName;
    if (typeof account === 'string' && account.startsWith('billingAccounts/'))
      await this.collectBilling(account.slice('billingAccounts/'.length));

    this.progress.regionDone(project, 'global');
    const status: ScopeSummary['status'] = ok === 0 ? 'failed' : errors.length ? 'partial' : 'collected';
    // In command order, not completion order: the same project gives the same reason in every run (and shard).
    errors.sort((a, b) => (a.command < b.command ? -1 : a.command > b.command ? 1 : 0));
    const reason = errors.length
      ? `${errors
          .slice(0, 2)
          .map((e) => `${e.command}: ${e.error.Code}`)
          .join('; ')}${errors.length > 2 ? `; and ${errors.length - 2} more` : ''}`
      : undefined;
    this.writer.addScope({
      provider: 'gcp',
      id: project,
      caller: this.auth.caller,
      status,
      ...(reason ? { reason } : {}),
    });
    this.progress.scopeFinished(project, status, reason);
    return { id: project, status, caller: this.auth.caller, ...(reason ? { reason } : {}) };
  }

  private collectAncestor(node: HierarchyNode): Promise<NodeOutputs> {
    const key = nodeName(node);
    let run = this.ancestorRuns.get(key);
    if (!run) {
      run = (async () => {
        const out: NodeOutputs = new Map();
        await Promise.all(
          declarationsAt(node.kind).map(async (d) => {
            const o = await this.collectFile(node, d);
            if (o.ok) out.set(d.command, o.value);
          }),
        );
        return out;
      })();
      this.ancestorRuns.set(key, run);
    }
    return run;
  }

  private collectBilling(account: string): Promise<unknown> {
    let run = this.billingRuns.get(account);
    if (!run) {
      const node: HierarchyNode = { kind: 'billing', id: account };
      run = Promise.all(declarationsAt('billing').map((d) => this.collectFile(node, d)));
      this.billingRuns.set(account, run);
    }
    return run;
  }

  /** A role described once per run and filed under each project that binds it. */
  private async collectRole(node: HierarchyNode, decl: Declaration, role: string): Promise<Outcome> {
    let call = this.roleCalls.get(role);
    const first = !call;
    if (!call) {
      call = this.fetch(node, decl, role);
      this.roleCalls.set(role, call);
    }
    const o = await call;
    if (!first) this.progress.callsPlanned(1);
    await this.writeOutcome(node, decl, role, o, first);
    return o;
  }

  private async collectFile(node: HierarchyNode, decl: Declaration, key?: string): Promise<Outcome> {
    const o = await this.fetch(node, decl, key);
    await this.writeOutcome(node, decl, key, o, true);
    return o;
  }

  /** Every page of one call (or its error after retries). */
  private async fetch(node: HierarchyNode, decl: Declaration, key?: string): Promise<Outcome> {
    this.progress.callsPlanned(1);
    const target = { node, ...(key !== undefined ? { key } : {}) };
    const items: unknown[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    try {
      for (;;) {
        const page = await this.send(
          decl.service,
          node.kind === 'project' ? node.id : undefined,
          () => decl.call(this.clients, target, token),
          decl.rate ? { key: decl.command, rate: decl.rate } : undefined,
        );
        if (!isList(page)) return { ok: true, value: page.value };
        items.push(...page.items);
        const next = page.next ?? undefined;
        if (!next || seen.has(next)) return { ok: true, value: items };
        seen.add(next);
        token = next;
        this.progress.callsPlanned(1);
      }
    } catch (err) {
      return { ok: false, error: describeError(err, this.scrubber) };
    }
  }

  private async writeOutcome(
    node: HierarchyNode,
    decl: Declaration,
    key: string | undefined,
    o: Outcome,
    counted: boolean,
  ): Promise<void> {
    const path = `${decl.telemetry ? `${BUNDLE_TELEMETRY_DIR}/` : ''}${gcpPath(node, decl.command, key)}`;
    const parameters: Record<string, unknown> = {
      [node.kind]: node.id,
      ...(key !== undefined ? { key } : {}),
      ...(decl.parameters ?? {}),
    };
    const record = {
      service: decl.service,
      operation: decl.method.split('.').slice(1).join('.'),
      region: 'global',
      parameters,
      collectedAt: this.clock().toISOString(),
    };
    const api = `${decl.service}:${record.operation}`;
    const scope = node.kind === 'project' ? node.id : nodeName(node);
    const report = { scope, region: 'global', api, ...(key !== undefined ? { key } : {}) };
    this.files++;
    if (o.ok) {
      await this.writer.writeJsonAsync(path, o.value, { ...record, outcome: 'ok' });
      this.progress.callDone({ ...report, outcome: 'ok' });
      return;
    }
    const { retryAfterMs: _, ...error } = o.error as CallError & { retryAfterMs?: number };
    await this.writer.writeJsonAsync(
      errorPath(path),
      { ...error, Command: decl.command, Parameters: parameters },
      { ...record, outcome: 'error', errorCode: error.Code },
    );
    const answer = decl.answers?.includes(error.Code) === true;
    if (!answer && counted) this.failedCalls++;
    this.progress.callDone({
      ...report,
      outcome: answer ? 'answer' : 'error',
      code: error.Code,
      message: error.Message,
    });
  }

  /** One HTTP call: paced by the API's bucket, bounded overall, retried on throttling and server errors. */
  private async send<T>(
    service: GcpService,
    project: string | undefined,
    call: () => Promise<T>,
    own?: { key: string; rate: Rate & { scope: 'project' | 'caller' } },
  ): Promise<T> {
    const max = this.options.maxAttempts ?? 6;
    const base = this.options.retryDelayMs ?? 500;
    const bucket = this.bucket(service, project, own);
    for (let attempt = 1; ; attempt++) {
      await bucket?.take();
      try {
        return await this.all(() => {
          this.calls++;
          return call();
        });
      } catch (err) {
        const e = describeError(err, this.scrubber);
        if (!retryable(e) || attempt >= max) throw err;
        this.retries++;
        const backoff = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
        const wait = Math.max(e.retryAfterMs ?? 0, backoff);
        if (e.HttpStatus === 429 || e.Code === 'RESOURCE_EXHAUSTED') bucket?.pause(wait);
        if (wait > 0) await sleep(wait);
      }
    }
  }

  private bucket(
    service: GcpService,
    project: string | undefined,
    own?: { key: string; rate: Rate & { scope: 'project' | 'caller' } },
  ): TokenBucket | undefined {
    if (this.options.rates === false) return undefined;
    const rate = own?.rate ?? this.options.rates?.[service] ?? defaultRates[service];
    const name = own ? `${service}:${own.key}` : service;
    const key = rate.scope === 'project' && project ? `${name}|${project}` : name;
    let b = this.buckets.get(key);
    if (!b) {
      // 10% under the published refill, so arrival jitter never pushes a call over the quota.
      b = new TokenBucket({ burst: rate.burst, perSecond: rate.perSecond * 0.9 });
      this.buckets.set(key, b);
    }
    return b;
  }
}
