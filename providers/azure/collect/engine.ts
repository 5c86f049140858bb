import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import pLimit, { type LimitFunction } from 'p-limit';
import { type CollectProgress, silentProgress } from '../../../src/collect/progress.js';
import { applyShard, type Shard } from '../../../src/collect/shard.js';
import type { CollectSummary, ScopeSummary } from '../../../src/collect/summary.js';
import { type Rate, TokenBucket } from '../../../src/collect/token-bucket.js';
import { CollectError } from '../../../src/errors.js';
import { BUNDLE_TELEMETRY_DIR } from '../../../src/evidence/manifest.js';
import { BundleWriter } from '../../../src/evidence/writer.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import type { LiveWindow } from '../../adapter.js';
import { azurePath, isObject, liftProperties, tenantFolder } from '../bundle-files.js';
import type { LogAnalyticsPushdownOptions } from '../pushdown/options.js';
import { declarations } from './catalog.js';
import { ArmClients, type CallCounts, type ClientSettings, sharedHttpClient } from './clients.js';
import { type CloudName, endpointsFor } from './clouds.js';
import { type Caller, callerOf, defaultCredential, scrubbing } from './credentials.js';
import type { Declaration, KeyedCall, RunContext } from './declaration.js';
import { azureSecretScrubber, type CallError, describeError, subscriptionDenied } from './errors.js';
import { GraphReader } from './graph.js';
import { type LiveDeclaration, liveDeclarations } from './live-catalog.js';
import { armReadRate, graphRate } from './rate-limits.js';

export interface AzureCollectOptions {
  out: string;
  /** Default: DefaultAzureCredential for the cloud. */
  credential?: TokenCredential;
  cloud?: CloudName;
  subscriptions?: string[];
  /** Every enabled subscription beneath this management group, nested groups included. */
  managementGroup?: string;
  /** HTTP operations in flight at once. Default 64. */
  concurrency?: number;
  /** Subscriptions collected at once (their calls share the concurrency). Default 128. */
  subscriptionConcurrency?: number;
  /** Retries after the first attempt. Default 6. */
  maxRetries?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Per attempt. Default 30 s. */
  requestTimeoutMs?: number;
  /** Client-side pacing per subscription (ARM's read bucket) and for Graph; `false` turns it off. */
  rates?: { arm?: Pick<Rate, 'burst' | 'perSecond'>; graph?: Pick<Rate, 'burst' | 'perSecond'> } | false;
  /** Endpoint overrides (RIGSIGHT_AZURE_ARM_ENDPOINT, …, AZURE_AUTHORITY_HOST); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Collect only this shard's subscriptions; tenant-level evidence is read in every shard. */
  shard?: Shard;
  progress?: CollectProgress;
  clock?: () => Date;
  /** Also pull the live detection legs for this window into `telemetry/azure/<subscription>/`. */
  live?: LiveWindow;
  /** With `live`: the flow leg pushed down to this traffic-analytics workspace, once per run. */
  flowPushdown?: { options: LogAnalyticsPushdownOptions; intel: IntelData };
}

const inactive = new Set(['Disabled', 'Deleted']);

/** Runs the declared reads for every subscription in reach and writes the evidence bundle. */
export async function collectAzure(options: AzureCollectOptions): Promise<CollectSummary> {
  return new AzureCollectRun(options).run();
}

class AzureCollectRun {
  private readonly clock: () => Date;
  private readonly progress: CollectProgress;
  private readonly scrubber = azureSecretScrubber();
  private readonly writer: BundleWriter;
  private readonly limit: LimitFunction;
  private readonly counts: CallCounts = { calls: 0, retries: 0 };
  private readonly http: HttpClient = sharedHttpClient();
  private readonly settings: ClientSettings;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly clients = new Map<string, ArmClients>();
  /** Files already written or being written: a path is called once. */
  private readonly files = new Map<string, Promise<unknown>>();
  /** Answers that serve every subscription (built-in policy definitions, group members). */
  private readonly shared = new Map<string, Promise<unknown>>();
  private readonly scopes: ScopeSummary[] = [];
  private readonly started = performance.now();
  private failedCalls = 0;
  private graph!: GraphReader;
  private caller!: Caller;
  private tenant = 'unknown';

  constructor(private readonly options: AzureCollectOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.progress = options.progress ?? silentProgress;
    this.writer = new BundleWriter(options.out, this.clock);
    this.limit = pLimit(options.concurrency ?? 64);
    const endpoints = endpointsFor(options.cloud ?? 'AzureCloud', options.env ?? process.env);
    this.settings = {
      endpoints,
      credential: scrubbing(options.credential ?? defaultCredential(endpoints), this.scrubber),
      maxRetries: options.maxRetries ?? 6,
      retryDelayMs: options.retryDelayMs ?? 800,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    };
  }

  /**
   * The flow leg pushed down to Log Analytics, once per run: one traffic-analytics workspace holds the flows of
   * every VNet that reports to it. Filed under the first subscription collected.
   */
  private async runFlowPushdown(subscriptions: readonly string[]): Promise<void> {
    const window = this.options.live;
    const push = this.options.flowPushdown;
    const first = [...subscriptions].sort()[0];
    if (!window || !push?.options.logAnalyticsWorkspace || !first) return;
    const { pushDownAzureFlowLeg } = await import('../pushdown/flow-leg.js');
    const outcome = await pushDownAzureFlowLeg({
      writer: this.writer,
      window,
      subscription: first,
      credential: this.settings.credential,
      client: { endpoint: this.settings.endpoints.logAnalytics },
      intel: push.intel,
      options: push.options,
    });
    this.counts.calls++;
    if (outcome.state !== 'ok') this.failedCalls++;
  }

  async run(): Promise<CollectSummary> {
    await this.signIn();
    this.graph = new GraphReader(
      this.settings.endpoints.graph,
      this.settings.credential,
      this.bucket('graph', (this.options.rates || undefined)?.graph ?? graphRate),
      this.counts,
    );
    const discovered = await this.resolveSubscriptions();
    const origin = this.options.managementGroup
      ? `azure management group ${this.options.managementGroup}`
      : `azure tenant ${this.tenant}${this.options.subscriptions?.length ? ' (--subscriptions)' : ''}`;
    const subscriptions = applyShard(this.writer, 'azure', origin, discovered, this.options.shard);
    this.progress.scopesKnown(subscriptions.length);
    const perSubscription = pLimit(this.options.subscriptionConcurrency ?? 128);
    await Promise.all(subscriptions.map((s) => perSubscription(() => this.runSubscription(s))));
    await this.runFlowPushdown(subscriptions);
    this.writer.finish();
    const failedScopes = this.scopes.filter((s) => s.status === 'failed').length;
    const elapsedMs = performance.now() - this.started;
    this.progress.finished({
      calls: this.counts.calls,
      errors: this.failedCalls,
      scopes: this.scopes.length,
      failedScopes,
      ms: elapsedMs,
    });
    return {
      out: this.options.out,
      caller: this.caller.id,
      scopes: [...this.scopes].sort((a, b) => a.id.localeCompare(b.id)),
      calls: this.counts.calls,
      retries: this.counts.retries,
      failedCalls: this.failedCalls,
      files: this.files.size,
      skippedRegions: 0,
      elapsedMs,
    };
  }

  /** A token for ARM proves the credential works and names the caller; without one nothing can be collected. */
  private async signIn(): Promise<void> {
    try {
      const token = await this.settings.credential.getToken(`${this.settings.endpoints.arm}/.default`);
      if (!token) throw new Error('the credential returned no token');
      this.caller = callerOf(token);
      this.tenant = this.caller.tenantId ?? 'unknown';
    } catch (err) {
      const e = describeError(err, this.scrubber);
      throw new CollectError(
        `cannot get a token for Azure Resource Manager with the configured credentials (${e.Code}: ${e.Message.split('\n')[0]})`,
        [
          'DefaultAzureCredential tries the environment, workload identity, managed identity and `az login`, in that order',
        ],
      );
    }
  }

  /** --subscriptions, every enabled subscription under --management-group, or every one the caller can see. */
  private async resolveSubscriptions(): Promise<string[]> {
    const tenant = this.tenantContext();
    const folder = tenantFolder(this.tenant);
    await this.collectFile(tenant, declarationOf('account-management-group-list'), folder);
    if (this.options.managementGroup) {
      const mg = this.options.managementGroup;
      const shown = await this.collectFile(tenant, declarationOf('account-management-group-show'), folder, {
        key: mg,
        params: { name: mg },
      });
      if (!shown)
        throw new CollectError(
          `cannot read management group ${mg} (${[...this.failureCodes()].join(', ') || 'no answer'}); give --subscriptions instead, or grant Reader on the group`,
        );
      return [...new Set(descendantSubscriptions(shown))].sort();
    }
    if (this.options.subscriptions?.length)
      return [...new Set(this.options.subscriptions.map((s) => s.toLowerCase()))];
    const listed = await this.collectFile(tenant, declarationOf('account-list'), folder);
    if (!Array.isArray(listed))
      throw new CollectError('cannot list the subscriptions the caller can read (az account list)');
    return (listed as { id?: string; state?: string }[])
      .filter((s) => s.id && !inactive.has(String(s.state)))
      .map((s) => String(s.id).toLowerCase())
      .sort();
  }

  private *failureCodes(): Iterable<string> {
    for (const [, p] of this.failures) yield p.Code;
  }
  private readonly failures = new Map<string, CallError>();

  private tenantContext(): RunContext {
    return this.contextFor('tenant', new Map());
  }

  private contextFor(subscription: string, outputs: Map<string, unknown>): RunContext {
    return {
      subscription,
      tenant: this.tenant,
      cloud: this.settings.endpoints.cloud,
      caller: this.caller,
      clients: this.clientsFor(subscription),
      clientsFor: (s) => this.clientsFor(s),
      graph: this.graph,
      output: (command) => outputs.get(command),
    };
  }

  private clientsFor(subscription: string): ArmClients {
    let c = this.clients.get(subscription);
    if (!c) {
      c = new ArmClients(
        this.settings,
        subscription,
        this.http,
        this.bucket(subscription, (this.options.rates || undefined)?.arm ?? armReadRate),
        this.counts,
      );
      this.clients.set(subscription, c);
    }
    return c;
  }

  private bucket(key: string, rate: { burst: number; perSecond: number }): TokenBucket | undefined {
    if (this.options.rates === false) return undefined;
    let b = this.buckets.get(key);
    if (!b) {
      // 10% under the published refill, so arrival jitter never pushes a call over ARM's bucket.
      b = new TokenBucket({ burst: rate.burst, perSecond: rate.perSecond * 0.9 });
      this.buckets.set(key, b);
    }
    return b;
  }

  private async runSubscription(subscription: string): Promise<void> {
    this.progress.scopeStarted(subscription);
    this.progress.regionsPlanned(subscription, 1);
    const outputs = new Map<string, unknown>();
    const ctx = this.contextFor(subscription, outputs);
    const account = await this.collectFile(ctx, declarationOf('account-show'), subscription);
    const accountError = this.failures.get(azurePath(subscription, 'account-show'));
    if (accountError && subscriptionDenied.test(accountError.Code)) {
      this.finishScope({
        id: subscription,
        caller: this.caller.id,
        status: 'failed',
        reason: `cannot read subscription ${subscription} (${accountError.Code}: ${accountError.Message.split('\n')[0]})`,
      });
      this.dropClients(subscription);
      return;
    }
    const state = isObject(account) ? String(account.state ?? '') : '';
    if (inactive.has(state)) {
      this.writer.skip(`azure/${subscription}/`, {
        service: 'az',
        operation: '*',
        region: 'global',
        parameters: { reason: `subscription is ${state}` },
        collectedAt: this.clock().toISOString(),
      });
      this.finishScope({
        id: subscription,
        caller: this.caller.id,
        status: 'failed',
        reason: `subscription is ${state}`,
      });
      this.dropClients(subscription);
      return;
    }
    outputs.set('account-show', account);
    await this.runGroup(ctx, outputs);
    if (this.options.live) await this.runLive(ctx, this.options.live);
    const failed = [...this.failures].filter(
      ([path]) =>
        path.startsWith(`azure/${subscription}/`) ||
        path.startsWith(`${BUNDLE_TELEMETRY_DIR}/azure/${subscription}/`),
    );
    const first = failed[0];
    this.finishScope({
      id: subscription,
      caller: this.caller.id,
      status: failed.length > 0 ? 'partial' : 'collected',
      ...(first
        ? {
            reason: `${failed.length} call${failed.length > 1 ? 's' : ''} failed, first ${first[0].replace(/^(telemetry\/)?azure\/[^/]+\//, '')}: ${first[1].Code}`,
          }
        : {}),
    });
    this.progress.regionDone(subscription, 'global');
    this.dropClients(subscription);
  }

  private dropClients(subscription: string): void {
    this.clients.delete(subscription);
  }

  private finishScope(summary: ScopeSummary): void {
    this.scopes.push(summary);
    this.writer.addScope({
      provider: 'azure',
      id: summary.id,
      caller: summary.caller,
      status: summary.status,
      ...(summary.reason ? { reason: summary.reason } : {}),
    });
    this.progress.scopeFinished(summary.id, summary.status, summary.reason);
  }

  /** Runs a subscription's declarations, fanning out per resource as outputs arrive. */
  private async runGroup(ctx: RunContext, outputs: Map<string, unknown>): Promise<void> {
    const group = declarations.filter((d) => d.level === 'subscription' && d.command !== 'account-show');
    const pending = new Set<Promise<unknown>>();
    const seen = new Set<string>();
    const finished = new Set<string>();
    const track = (p: Promise<unknown>) => {
      pending.add(p);
      p.finally(() => pending.delete(p)).catch(() => {});
    };
    const inFlight = new Map<string, number>();

    const schedule = (decl: Declaration, call?: KeyedCall): void => {
      const folder = call?.folder ?? ctx.subscription;
      const id = `${decl.command}|${folder}|${call?.key ?? ''}`;
      if (seen.has(id)) return;
      seen.add(id);
      inFlight.set(decl.command, (inFlight.get(decl.command) ?? 0) + 1);
      track(
        this.collectFile(ctx, decl, folder, call).then((output) => {
          if (output !== undefined && !call) outputs.set(decl.command, output);
          if (output !== undefined) fanOut(decl, output);
          const left = (inFlight.get(decl.command) ?? 1) - 1;
          inFlight.set(decl.command, left);
          if (left === 0 && !call) release(decl.command);
        }),
      );
    };
    const release = (command: string) => {
      finished.add(command);
      for (const next of group)
        if (next.after?.includes(command) && next.after.every((a) => finished.has(a))) schedule(next);
    };
    const fanOut = (source: Declaration, output: unknown) => {
      for (const decl of group)
        for (const src of decl.perKey ?? [])
          if (src.from === source.command)
            for (const call of src.keys(output, { subscription: ctx.subscription })) schedule(decl, call);
    };

    for (const decl of group) if (!decl.after?.length && !decl.perKey?.length) schedule(decl);
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  /** The live legs of one subscription, once posture collection has listed its VMs. */
  private async runLive(ctx: RunContext, window: LiveWindow): Promise<void> {
    await Promise.all(
      liveDeclarations.flatMap((decl) =>
        decl.calls(ctx, window).map((call) => this.collectFile(ctx, decl, ctx.subscription, call)),
      ),
    );
  }

  /** One file: the call (every page) or its error. Returns the SDK's output for fan-outs, undefined on error. */
  private collectFile(
    ctx: RunContext,
    decl: Declaration,
    folder: string,
    call?: KeyedCall,
  ): Promise<unknown> {
    const path = isLive(decl)
      ? `${BUNDLE_TELEMETRY_DIR}/${azurePath(folder, decl.command, call?.key)}`
      : azurePath(folder, decl.command, call?.key);
    const existing = this.files.get(path);
    if (existing) return existing.then(() => undefined);
    const done = this.callAndWrite(ctx, decl, folder, path, call);
    this.files.set(path, done);
    // Memory grows with subscriptions, not responses: the run keeps only that the path was written.
    done.then(() => this.files.set(path, settled)).catch(() => {});
    return done;
  }

  private async callAndWrite(
    ctx: RunContext,
    decl: Declaration,
    folder: string,
    path: string,
    call: KeyedCall | undefined,
  ): Promise<unknown> {
    const parameters: Record<string, unknown> = {
      ...(decl.level === 'subscription' ? { subscription: folder } : { tenant: this.tenant }),
      ...(call?.params ?? {}),
    };
    this.progress.callsPlanned(1);
    const report = {
      scope: ctx.subscription,
      region: 'global',
      api: `az:${decl.command}`,
      ...(call ? { key: call.key } : {}),
    };
    let output: unknown;
    try {
      const sharedKey = call && decl.tenantWide?.(call) ? `${decl.command}|${call.key}` : undefined;
      const invoke = () => this.limit(() => decl.run(ctx, call));
      if (sharedKey) {
        let answer = this.shared.get(sharedKey);
        if (!answer) {
          answer = invoke();
          this.shared.set(sharedKey, answer);
        }
        output = await answer;
      } else output = await invoke();
    } catch (err) {
      const e = describeError(err, this.scrubber);
      const answer = decl.answers?.includes(e.Code) === true;
      await this.write(
        path.replace(/\.json$/, '.error.json'),
        { ...e, Command: decl.az, Parameters: parameters },
        decl,
        parameters,
        e.Code,
      );
      if (!answer) {
        this.failedCalls++;
        this.failures.set(path, e);
      }
      this.progress.callDone({
        ...report,
        outcome: answer ? 'answer' : 'error',
        code: e.Code,
        message: e.Message,
      });
      return undefined;
    }
    // Written as JSON once (dates become ISO strings there); fan-outs read the SDK's objects as they are.
    const data = decl.shape === 'value' ? { value: output ?? [] } : (output ?? null);
    await this.write(path, data, decl, parameters);
    this.progress.callDone({ ...report, outcome: 'ok' });
    return output ?? null;
  }

  private async write(
    path: string,
    data: unknown,
    decl: Declaration,
    parameters: Record<string, unknown>,
    errorCode?: string,
  ): Promise<void> {
    await this.writer.writeJsonAsync(path, data, {
      service: 'az',
      operation: decl.command,
      region: 'global',
      parameters,
      collectedAt: this.clock().toISOString(),
      outcome: errorCode ? 'error' : 'ok',
      ...(errorCode ? { errorCode } : {}),
    });
  }
}

const settled: Promise<unknown> = Promise.resolve(undefined);

function isLive(decl: Declaration): decl is LiveDeclaration {
  return 'calls' in decl;
}

function declarationOf(command: string): Declaration {
  const d = declarations.find((x) => x.command === command);
  if (!d) throw new Error(`no collector is declared for ${command}`);
  return d;
}

/** Subscriptions anywhere below a management group (`--expand --recurse` output). */
export function descendantSubscriptions(group: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!isObject(node)) return;
    const type = String(node.type ?? '').toLowerCase();
    if (type.endsWith('/subscriptions') || type === 'subscriptions') {
      const id = String(node.name ?? node.id ?? '')
        .split('/')
        .pop();
      if (id) out.push(id.toLowerCase());
    }
    for (const child of Array.isArray(node.children) ? node.children : []) walk(child);
  };
  walk(liftProperties(group));
  return out;
}
