import { Worker } from 'node:worker_threads';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit, { type LimitFunction } from 'p-limit';
import { type CollectProgress, silentProgress } from '../../../src/collect/progress.js';
import { applyShard, type Shard } from '../../../src/collect/shard.js';
import type { CollectSummary, ScopeSummary } from '../../../src/collect/summary.js';
import { type Rate, TokenBucket } from '../../../src/collect/token-bucket.js';
import { CollectError } from '../../../src/errors.js';
import type { ManifestFile } from '../../../src/evidence/manifest.js';
import { BUNDLE_TELEMETRY_DIR } from '../../../src/evidence/manifest.js';
import { BundleWriter } from '../../../src/evidence/writer.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import type { LiveWindow } from '../../adapter.js';
import { awsPath } from '../bundle-files.js';
import { type LiveInstance, type LiveIo, type LiveRegion, runLiveRegion } from '../live/index.js';
import type { AthenaPushdownOptions } from '../pushdown/options.js';
import { assumeRole, declarations } from './catalog.js';
import { cliOutput, mergeOutputs } from './cli-shape.js';
import { ClientPool } from './clients.js';
import { cached, defaultCredentials, fromAssumeRole } from './credentials.js';
import type { CliService, Declaration, KeyContext, KeyedCall, Output } from './declaration.js';
import { awsSecretScrubber, type CallError, describeError } from './errors.js';
import { defaultRates, operationRates } from './rate-limits.js';

export interface CollectOptions {
  /** Folder the bundle is written to. */
  out: string;
  /** Base credentials; default: the SDK's default chain (with `profile`). */
  credentials?: AwsCredentialIdentityProvider;
  profile?: string;
  /** Regions to collect; default every region enabled for each account. */
  regions?: string[];
  /** Where account-level regional calls (STS, DescribeRegions) go. Default AWS_REGION or us-east-1. */
  homeRegion?: string;
  /** Assume this role in every ACTIVE account of the organization (session name `rigsight`). */
  orgRole?: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  /** Every service at this URL instead of AWS's endpoints (a fake AWS, a proxy). */
  endpoint?: string;
  /** HTTP calls in flight at once, across everything. Default 64. */
  concurrency?: number;
  /** Calls in flight per (account, region, service). Default 4. */
  serviceConcurrency?: number;
  /** Accounts collected at once. Default 8. */
  accountConcurrency?: number;
  /**
   * Threads sharing the accounts (the SDK's per-call work is CPU-bound at organization scale). Default 1; the
   * concurrency and the accounts in flight are split between them.
   */
  workers?: number;
  /** Attempts per call including the first (SDK standard retries). Default 8. */
  maxAttempts?: number;
  /** Fixed delay between attempts instead of the SDK's backoff (tests: 0). */
  retryDelayMs?: number;
  /** Per attempt. Default 20 s. */
  requestTimeoutMs?: number;
  /** Client-side pacing per service; `false` turns it off. */
  rates?: Partial<Record<CliService, Rate>> | false;
  /** Delay between credential-report polls (default: the declaration's). */
  pollDelayMs?: number;
  /** Collect only this shard's accounts; the organization's own evidence is read in every shard. */
  shard?: Shard;
  progress?: CollectProgress;
  clock?: () => Date;
  /** Also run the live legs (providers/aws/live/) for this window into `telemetry/aws/…`. */
  live?: LiveWindow;
  /**
   * `live-minimal`: of the posture reads only what the live legs need (identity, regions, instances, GuardDuty
   * detectors). Default `full`.
   */
  posture?: 'full' | 'live-minimal';
  /** The run's parsed command-line options, handed to live legs that need their own (the flow push-down). */
  cliOptions?: Record<string, unknown>;
  /** Compiled intel, for the flow leg pushed down to Athena (run once, when an --athena-* option is given). */
  intel?: IntelData;
}

/** Posture reads the live legs need, when only those are asked for. */
const liveMinimal = new Set([
  'sts:GetCallerIdentity',
  'ec2:DescribeRegions',
  'ec2:DescribeInstances',
  'guardduty:ListDetectors',
]);

interface Scope {
  account: string;
  credentials: AwsCredentialIdentityProvider;
  regions: string[];
}

/** In-flight work of one scope, so a run can wait for every fan-out to settle. */
class Tracker {
  private readonly pending = new Set<Promise<unknown>>();
  add(p: Promise<unknown>): void {
    this.pending.add(p);
    p.finally(() => this.pending.delete(p)).catch(() => {});
  }
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** A log bucket to read: by the account that owns it (or, failing that, one that delivers to it). */
interface BucketTask {
  bucket: string;
  account: string;
  region?: string;
}

/** What a collecting thread is given. Credentials are passed in memory only when the caller injected them. */
export interface ShardSetup {
  options: Omit<CollectOptions, 'credentials' | 'progress' | 'clock'>;
  baseCredentials?: AwsCredentialIdentity;
  callerAccount: string;
  management?: string;
  accounts: string[];
  shard: string[];
  /** Files the main thread already wrote for the caller's account, and their outputs. */
  preset: [string, Output | undefined][];
  /** Fraction of the caller account's rates this thread may use (its AssumeRole calls share them). */
  share: number;
}

type ProgressEvent = {
  [K in keyof CollectProgress]: { m: K; a: Parameters<CollectProgress[K]> };
}[keyof CollectProgress];

/** Messages from a collecting thread to the main thread. */
export type FromShard =
  | { t: 'file'; entry: ManifestFile }
  | { t: 'scope'; scope: ScopeSummary }
  | { t: 'progress'; event: ProgressEvent }
  | {
      t: 'buckets';
      refs: [string, string[]][];
      owned: [string, { account: string; region?: string }][];
      callable: string[];
    }
  | { t: 'done'; calls: number; retries: number; failedCalls: number; skippedRegions: number }
  | { t: 'failed'; message: string };
/** Messages from the main thread to a collecting thread. */
export type ToShard = { t: 'buckets'; tasks: BucketTask[] };

const enabledStates = new Set(['opt-in-not-required', 'opted-in']);
/** Outputs read again after their fan-out (identity, organization, regions). */
const retained = new Set([
  'sts:GetCallerIdentity',
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'ec2:DescribeRegions',
]);
const settled: Promise<Output | undefined> = Promise.resolve(undefined);

/** Runs the declared reads across an organization and writes the evidence bundle. */
export async function collectAws(options: CollectOptions): Promise<CollectSummary> {
  const run = new CollectRun(options);
  try {
    return await run.run();
  } finally {
    run.close();
  }
}

class CollectRun {
  private readonly clock: () => Date;
  private readonly progress: CollectProgress;
  private readonly scrubber = awsSecretScrubber();
  private readonly pool: ClientPool;
  private readonly writer: BundleWriter;
  private readonly all: LimitFunction;
  private readonly keyLimits = new Map<string, LimitFunction>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly files = new Map<string, Promise<Output | undefined>>();
  private readonly home: string;
  private readonly failures = new Map<string, CallError & { api: string; region: string }>();
  private readonly bucketRefs = new Map<string, string[]>();
  private readonly owned = new Map<string, { account: string; region?: string }>();
  private readonly accountCredentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly scopes: ScopeSummary[] = [];
  private readonly started = performance.now();
  private calls = 0;
  private retries = 0;
  private failedCalls = 0;
  private skippedRegions = 0;
  /** What posture collection saw that the live legs need, per `account|region`. */
  private readonly liveInstances = new Map<string, LiveInstance[]>();
  private readonly liveDetectors = new Map<string, string[]>();
  private management: string | undefined;
  /** Every account in reach (key functions see the whole organization), and those this run collects. */
  private accounts: string[] = [];
  private mine: string[] = [];
  /** A shard's lookup of log buckets owned by accounts other shards collect, run once. */
  private foreign: Promise<Set<string>> | undefined;
  /** In a collecting thread: where manifest entries, scopes and progress go. */
  private readonly post: ((m: FromShard) => void) | undefined;
  /** The caller's account and the fraction of its rates this thread uses. */
  private shared: { account: string; share: number } | undefined;

  constructor(
    private readonly options: CollectOptions,
    post?: (m: FromShard) => void,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.post = post;
    this.progress = post ? forwardProgress(post) : (options.progress ?? silentProgress);
    const concurrency = options.concurrency ?? 64;
    this.pool = new ClientPool({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      maxAttempts: options.maxAttempts ?? 8,
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      requestTimeoutMs: options.requestTimeoutMs ?? 20_000,
      maxSockets: concurrency,
    });
    this.writer = new BundleWriter(options.out, this.clock);
    if (options.live) this.writer.setLive(options.live);
    this.all = pLimit(concurrency);
    this.home = options.homeRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  }

  close(): void {
    this.pool.close();
  }

  async run(): Promise<CollectSummary> {
    await this.pool.load(new Set(declarations.map((d) => d.service)));
    const base = this.options.credentials ?? (await defaultCredentials(this.options.profile));
    const baseCredentials = cached(() => base(), this.scrubber);
    const identity = await this.send('', baseCredentials, this.home, 'sts', 'GetCallerIdentity', {}).catch(
      (err: unknown) => {
        const e = describeError(err, this.scrubber);
        throw new CollectError(`cannot call AWS with the configured credentials (${e.Code}: ${e.Message})`);
      },
    );
    const callerAccount = String(identity.Account ?? '');
    const caller: Scope = { account: callerAccount, credentials: baseCredentials, regions: [] };

    const org = await this.collectFile(
      caller,
      declarationOf('organizations:DescribeOrganization'),
      'global',
      [{}],
    );
    const organization = org?.Organization as { MasterAccountId?: string } | undefined;
    this.management = organization?.MasterAccountId;

    this.accounts = await this.accountList(caller);
    const orgId = (org?.Organization as { Id?: string } | undefined)?.Id;
    const origin = orgId ? `aws organization ${orgId}` : `aws account ${callerAccount}`;
    this.mine = applyShard(this.writer, 'aws', origin, this.accounts, this.options.shard);
    this.progress.scopesKnown(this.mine.length);

    const work: Promise<unknown>[] = [];
    if (org && this.options.posture !== 'live-minimal') work.push(this.runOrganization(caller));
    const workers = Math.max(1, Math.min(this.options.workers ?? 1, this.mine.length));
    if (workers > 1) {
      // What the caller's account already has (its organization description), so its thread does not repeat it.
      const preset = [awsPath(callerAccount, 'global', 'organizations', 'DescribeOrganization')].map(
        async (path) => [path, await this.files.get(path)] as [string, Output | undefined],
      );
      work.push(
        this.runShards(workers, caller, {
          callerAccount,
          ...(this.management ? { management: this.management } : {}),
          accounts: this.accounts,
          preset: await Promise.all(preset),
          ...(this.options.credentials ? { baseCredentials: await baseCredentials() } : {}),
        }),
      );
      await Promise.all(work);
    } else {
      await this.runAccounts(this.mine, caller);
      await Promise.all(work);
      const elsewhere = await this.foreignBuckets(this.bucketRefs, this.owned, caller);
      const refs = new Map([...this.bucketRefs].filter(([b]) => !elsewhere.has(b)));
      await this.runBucketTasks(this.bucketTasks(refs, this.owned, this.accountCredentials));
    }
    await this.runFlowPushdown(caller);

    const manifest = this.writer.finish();
    const elapsedMs = performance.now() - this.started;
    const failedAccounts = this.scopes.filter((s) => s.status === 'failed').length;
    this.progress.finished({
      calls: this.calls,
      errors: this.failedCalls,
      scopes: this.scopes.length,
      failedScopes: failedAccounts,
      ms: elapsedMs,
    });
    return {
      out: this.options.out,
      caller: String(identity.Arn ?? ''),
      scopes: [...this.scopes].sort((a, b) => a.id.localeCompare(b.id)),
      calls: this.calls,
      retries: this.retries,
      failedCalls: this.failedCalls,
      files: manifest.files.filter((f) => f.outcome !== 'skipped').length,
      skippedRegions: this.skippedRegions,
      elapsedMs,
    };
  }

  /** The accounts to collect: the caller's own, or every ACTIVE account of the organization, filtered. */
  private async accountList(caller: Scope): Promise<string[]> {
    const exclude = new Set(this.options.excludeAccounts ?? []);
    const only = this.options.accounts;
    if (!this.options.orgRole) {
      if (only && !only.includes(caller.account))
        throw new CollectError(
          `--accounts names accounts other than the caller's (${caller.account}); pass --org-role to assume a role in them`,
        );
      return exclude.has(caller.account) ? [] : [caller.account];
    }
    const listed = await this.collectFile(caller, declarationOf('organizations:ListAccounts'), 'global', [
      {},
    ]);
    let ids: string[];
    if (listed) {
      ids = ((listed.Accounts ?? []) as { Id?: string; State?: string; Status?: string }[])
        .filter((a) => a.Id && (a.State ?? a.Status) === 'ACTIVE')
        .map((a) => a.Id as string);
      if (only) ids = ids.filter((a) => only.includes(a));
    } else if (only) {
      ids = [...only];
    } else {
      const failure = this.failures.get(awsPath(caller.account, 'global', 'organizations', 'ListAccounts'));
      throw new CollectError(
        `cannot list the organization's accounts (${failure?.Code}: ${failure?.Message}); run from the management account or a delegated administrator, or name them with --accounts`,
      );
    }
    return [...new Set(ids)].filter((a) => !exclude.has(a)).sort();
  }

  private async runAccounts(accounts: string[], caller: Scope): Promise<void> {
    const accountLimit = pLimit(this.options.accountConcurrency ?? 8);
    await Promise.all(accounts.map((account) => accountLimit(() => this.runAccount(account, caller))));
  }

  /**
   * Shares the accounts between threads (round robin), relays what they write and report, then hands each log
   * bucket to the thread holding its owner's credentials.
   */
  private async runShards(
    workers: number,
    caller: Scope,
    common: Omit<ShardSetup, 'options' | 'shard' | 'share'>,
  ): Promise<void> {
    const concurrency = this.options.concurrency ?? 64;
    const { credentials: _c, progress: _p, clock: _k, ...options } = this.options;
    const perThread: ShardSetup['options'] = {
      ...options,
      concurrency: Math.max(1, Math.floor((concurrency - 4) / workers)),
      accountConcurrency: Math.max(1, Math.ceil((this.options.accountConcurrency ?? 8) / workers)),
      workers: 1,
    };
    const refs = new Map<string, string[]>();
    const owned = new Map<string, { account: string; region?: string }>();
    const callable = new Map<string, number>();
    const threads = Array.from({ length: workers }, (_, i) => ({
      shard: this.mine.filter((_, n) => n % workers === i),
      reported: false,
    }));
    let reported = 0;
    let release: () => void = () => {};
    const allReported = new Promise<void>((r) => {
      release = r;
    });
    const started = threads.map((thread, index) => {
      const setup: ShardSetup = { ...common, options: perThread, shard: thread.shard, share: 1 / workers };
      return startShard(setup, (m: FromShard, send: (m: ToShard) => void) => {
        if (m.t === 'file') this.writer.adopt(m.entry);
        else if (m.t === 'scope') this.adoptScope(m.scope);
        else if (m.t === 'progress') (this.progress[m.event.m] as (...a: unknown[]) => void)(...m.event.a);
        else if (m.t === 'buckets') {
          for (const [bucket, accounts] of m.refs) {
            const list = refs.get(bucket) ?? [];
            for (const a of accounts) if (!list.includes(a)) list.push(a);
            refs.set(bucket, list);
          }
          for (const [bucket, owner] of m.owned) if (!owned.has(bucket)) owned.set(bucket, owner);
          for (const a of m.callable) callable.set(a, index);
          thread.reported = true;
          if (++reported === workers) release();
          // Every thread waits for the others: buckets are assigned once all owners are known.
          void allReported.then(async () => {
            const elsewhere = await this.foreignBuckets(refs, owned, caller);
            const left = new Map([...refs].filter(([b]) => !elsewhere.has(b)));
            send({
              t: 'buckets',
              tasks: this.bucketTasks(left, owned, callable).filter(
                (task) => callable.get(task.account) === index,
              ),
            });
          });
        } else if (m.t === 'done') {
          this.calls += m.calls;
          this.retries += m.retries;
          this.failedCalls += m.failedCalls;
          this.skippedRegions += m.skippedRegions;
        }
      });
    });
    const results = await Promise.allSettled(started);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) throw failed.reason;
  }

  /** A collecting thread's part: its accounts, then the log buckets it is handed. */
  async runShard(setup: ShardSetup, buckets: Promise<BucketTask[]>): Promise<void> {
    await this.pool.load(new Set(declarations.map((d) => d.service)));
    const base = setup.baseCredentials
      ? async () => setup.baseCredentials as AwsCredentialIdentity
      : await defaultCredentials(this.options.profile);
    const caller: Scope = {
      account: setup.callerAccount,
      credentials: cached(() => base(), this.scrubber),
      regions: [],
    };
    this.management = setup.management;
    this.accounts = setup.accounts;
    this.shared = { account: setup.callerAccount, share: setup.share };
    for (const [path, output] of setup.preset) this.files.set(path, Promise.resolve(output));
    await this.runAccounts(setup.shard, caller);
    this.post?.({
      t: 'buckets',
      refs: [...this.bucketRefs],
      owned: [...this.owned],
      callable: [...this.accountCredentials.keys()],
    });
    await this.runBucketTasks(await buckets);
    this.post?.({
      t: 'done',
      calls: this.calls,
      retries: this.retries,
      failedCalls: this.failedCalls,
      skippedRegions: this.skippedRegions,
    });
  }

  /**
   * In a shard, a log bucket another account delivers to may belong to an account another shard collects: its
   * owner is found from the other accounts' ListBuckets (the same files their own shard writes) and it is read as
   * its owner, as an unsharded run reads it. Returns the buckets so read; the rest go the usual way.
   */
  private foreignBuckets(
    refs: Map<string, string[]>,
    owned: Map<string, { account: string; region?: string }>,
    caller: Scope,
  ): Promise<Set<string>> {
    this.foreign ??= this.readForeignBuckets(refs, owned, caller);
    return this.foreign;
  }

  private async readForeignBuckets(
    refs: Map<string, string[]>,
    owned: Map<string, { account: string; region?: string }>,
    caller: Scope,
  ): Promise<Set<string>> {
    const unresolved = new Set([...refs.keys()].filter((b) => !owned.has(b)));
    if (!this.options.shard || unresolved.size === 0) return new Set();
    const mine = new Set(this.mine);
    const found = new Map<string, { account: string; region?: string }>();
    const credentials = new Map<string, AwsCredentialIdentityProvider>();
    const limit = pLimit(this.options.accountConcurrency ?? 8);
    const listBuckets = declarationOf('s3api:ListBuckets');
    await Promise.all(
      this.accounts
        .filter((a) => !mine.has(a))
        .map((account) =>
          limit(async () => {
            const entered =
              account === caller.account ? caller.credentials : await this.enter(account, caller);
            if (!entered) return;
            const scope: Scope = { account, credentials: entered, regions: [] };
            const listed = await this.collectFile(scope, listBuckets, this.regionFor(listBuckets), [{}]);
            for (const b of (listed?.Buckets ?? []) as { Name?: string; BucketRegion?: string }[])
              if (b.Name && unresolved.has(b.Name) && !found.has(b.Name)) {
                found.set(b.Name, { account, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) });
                credentials.set(account, entered);
              }
          }),
        ),
    );
    for (const [account, c] of credentials) this.accountCredentials.set(account, c);
    const theirs = new Map([...refs].filter(([b]) => found.has(b)));
    await this.runBucketTasks(this.bucketTasks(theirs, found, credentials));
    return new Set(found.keys());
  }

  /** Credentials in an account another shard collects; a failure is that shard's to record. */
  private async enter(account: string, caller: Scope): Promise<AwsCredentialIdentityProvider | undefined> {
    const params = {
      RoleArn: `arn:aws:iam::${account}:role/${this.options.orgRole}`,
      RoleSessionName: 'rigsight',
      ...(this.options.externalId ? { ExternalId: this.options.externalId } : {}),
    };
    const provider = cached(
      async () =>
        fromAssumeRole(
          await this.send(caller.account, caller.credentials, this.home, 'sts', 'AssumeRole', params),
        ),
      this.scrubber,
    );
    return provider().then(
      () => provider,
      () => undefined,
    );
  }

  /** The organization's structure and SCPs, read once with the caller's credentials. */
  private async runOrganization(caller: Scope): Promise<void> {
    const group = declarations.filter((d) => d.level === 'organization');
    await this.runGroup({ ...caller, regions: [] }, group);
  }

  private async runAccount(account: string, caller: Scope): Promise<void> {
    this.progress.scopeStarted(account);
    let credentials = caller.credentials;
    if (account !== caller.account) {
      const assumed = await this.assume(account, caller);
      if (!assumed) return;
      credentials = assumed;
    }
    this.accountCredentials.set(account, credentials);
    const scope: Scope = { account, credentials, regions: [] };
    // Filed where it was called: a region that will be collected, so it opens no folder of its own.
    const asked = this.options.regions?.[0] ?? this.home;
    const regionsOutput = await this.collectFile(scope, declarationOf('ec2:DescribeRegions'), asked, [{}]);
    scope.regions = this.chooseRegions(account, regionsOutput);
    this.progress.regionsPlanned(account, scope.regions.length);
    const group = declarations.filter(
      (d) =>
        (d.level === 'account' || d.level === 'region') &&
        d.id !== 'ec2:DescribeRegions' &&
        (this.options.posture !== 'live-minimal' || liveMinimal.has(d.id)),
    );
    // Live legs start with the posture calls: audit events need none of them, the other legs wait for them.
    let postureDone: () => void = () => {};
    const posture = new Promise<void>((resolve) => {
      postureDone = resolve;
    });
    const live = this.options.live ? this.runLive(scope, this.options.live, posture) : undefined;
    // Awaited below; only a posture failure could leave it unobserved.
    live?.catch(() => {});
    try {
      await this.runGroup(scope, group);
    } finally {
      postureDone();
    }
    await live;
    const identity = await this.files.get(awsPath(account, 'global', 'sts', 'GetCallerIdentity'));
    const failed = [...this.failures].filter(
      ([path]) =>
        path.startsWith(`aws/${account}/`) || path.startsWith(`${BUNDLE_TELEMETRY_DIR}/aws/${account}/`),
    );
    const first = failed[0]?.[1];
    const summary: ScopeSummary = {
      id: account,
      caller: identity ? String(identity.Arn ?? '') : null,
      status: failed.length > 0 ? 'partial' : 'collected',
      ...(first
        ? {
            reason: `${failed.length} call${failed.length > 1 ? 's' : ''} failed, first ${first.api} in ${first.region}: ${first.Code}`,
          }
        : {}),
    };
    this.finishScope(summary);
    // The caller's clients and buckets also serve the organization calls, which may still be running.
    if (account !== caller.account) {
      this.pool.release(account);
      this.dropLimits(account);
      // No later call writes into a finished account's folders (log buckets use their own paths).
      for (const path of this.files.keys()) if (path.startsWith(`aws/${account}/`)) this.files.delete(path);
    }
  }

  private finishScope(summary: ScopeSummary): void {
    if (this.post) this.post({ t: 'scope', scope: summary });
    else this.adoptScope(summary);
    this.progress.scopeFinished(summary.id, summary.status, summary.reason);
  }

  private adoptScope(summary: ScopeSummary): void {
    this.scopes.push(summary);
    this.writer.addScope({
      provider: 'aws',
      id: summary.id,
      caller: summary.caller,
      status: summary.status,
      ...(summary.reason ? { reason: summary.reason } : {}),
    });
  }

  /** AssumeRole into a member account; a failure is kept as `sts/AssumeRole.error.json` and the account marked failed. */
  private async assume(account: string, caller: Scope): Promise<AwsCredentialIdentityProvider | undefined> {
    const roleArn = `arn:aws:iam::${account}:role/${this.options.orgRole}`;
    const params = {
      RoleArn: roleArn,
      RoleSessionName: 'rigsight',
      ...(this.options.externalId ? { ExternalId: this.options.externalId } : {}),
    };
    const fetch = async () =>
      fromAssumeRole(
        await this.send(caller.account, caller.credentials, this.home, 'sts', 'AssumeRole', params),
      );
    const provider = cached(fetch, this.scrubber);
    try {
      await provider();
      return provider;
    } catch (err) {
      const e = describeError(err, this.scrubber);
      const path = awsPath(account, 'global', 'sts', 'AssumeRole').replace(/\.json$/, '.error.json');
      const shown = { RoleArn: roleArn, RoleSessionName: 'rigsight' };
      await this.write(
        path,
        { ...e, Operation: 'AssumeRole', Parameters: shown },
        assumeRole,
        'global',
        shown,
        e.Code,
      );
      this.progress.callDone({
        scope: account,
        region: this.home,
        api: assumeRole.id,
        outcome: 'error',
        code: e.Code,
        message: e.Message,
      });
      this.finishScope({
        id: account,
        caller: null,
        status: 'failed',
        reason: `could not assume ${roleArn} (${e.Code}: ${e.Message})`,
      });
      return undefined;
    }
  }

  /** Enabled regions from DescribeRegions, narrowed by --regions; everything else recorded as skipped. */
  private chooseRegions(account: string, output: Output | undefined): string[] {
    const asked = this.options.regions;
    const listed = ((output?.Regions ?? []) as { RegionName?: string; OptInStatus?: string }[]).filter(
      (r) => r.RegionName,
    );
    if (!output) return asked ? [...asked] : [this.home];
    const chosen: string[] = [];
    for (const r of listed) {
      const name = r.RegionName as string;
      const enabled = enabledStates.has(r.OptInStatus ?? 'opt-in-not-required');
      const wanted = !asked || asked.includes(name);
      if (enabled && wanted) chosen.push(name);
      else
        this.skipRegion(
          account,
          name,
          enabled ? 'not requested (--regions)' : `opt-in region not enabled (${r.OptInStatus})`,
        );
    }
    for (const name of asked ?? [])
      if (!listed.some((r) => r.RegionName === name))
        this.skipRegion(account, name, 'not a region of this account');
    return chosen.sort();
  }

  private skipRegion(account: string, region: string, why: string): void {
    this.skippedRegions++;
    const entry = this.writer.skip(`aws/${account}/${region}/`, {
      service: '*',
      operation: '*',
      region,
      parameters: { reason: why },
      collectedAt: this.clock().toISOString(),
    });
    this.post?.({ t: 'file', entry });
    this.progress.regionSkipped(account, region, why);
  }

  /** Runs a group of declarations in one scope, fanning out per resource as outputs arrive. */
  private async runGroup(scope: Scope, group: Declaration[]): Promise<void> {
    const tracker = new Tracker();
    const inGroup = new Set(group.map((d) => d.id));
    const seen = new Set<string>();
    const regionPending = new Map<string, number>();
    const regionDone = new Set<string>();
    const afterCount = new Map<string, number>();
    const ctx = (region: string, sourceKey?: string): KeyContext => ({
      account: scope.account,
      region,
      regions: scope.regions,
      accounts: this.accounts,
      ...(this.management ? { management: this.management } : {}),
      ...(sourceKey !== undefined ? { sourceKey } : {}),
    });

    const schedule = (decl: Declaration, region: string, call?: KeyedCall): void => {
      const folder = decl.level === 'region' ? (call?.region ?? region) : region;
      const id = `${decl.id}|${folder}|${call?.key ?? ''}`;
      if (seen.has(id)) return;
      seen.add(id);
      if (decl.level === 'region') regionPending.set(folder, (regionPending.get(folder) ?? 0) + 1);
      const params = call ? (Array.isArray(call.params) ? call.params : [call.params]) : [{}];
      const done = this.collectFile(scope, decl, folder, params, call?.key).then((output) => {
        if (output) fanOut(decl, folder, output, call?.key);
        for (const next of group.filter((d) => d.after?.includes(decl.id))) {
          const key = `${next.id}|${folder}`;
          const count = (afterCount.get(key) ?? 0) + 1;
          afterCount.set(key, count);
          if (count === next.after?.length) schedule(next, folder);
        }
        if (decl.level === 'region') {
          const left = (regionPending.get(folder) ?? 1) - 1;
          regionPending.set(folder, left);
          if (left === 0 && !regionDone.has(folder)) {
            regionDone.add(folder);
            this.progress.regionDone(scope.account, folder);
          }
        }
      });
      tracker.add(done);
    };

    const fanOut = (source: Declaration, region: string, output: Output, sourceKey?: string): void => {
      for (const decl of declarations) {
        for (const src of decl.perKey ?? []) {
          if (src.from !== source.id) continue;
          const calls = src.keys(output, ctx(region, sourceKey));
          if (decl.level === 'bucket') {
            for (const c of calls) this.refBucket(c.key, scope.account);
          } else if (inGroup.has(decl.id)) {
            for (const c of calls) schedule(decl, decl.level === 'region' ? region : this.regionFor(decl), c);
          }
        }
      }
      if (source.id === 's3api:ListBuckets') {
        for (const b of (output.Buckets ?? []) as { Name?: string; BucketRegion?: string }[])
          if (b.Name && !this.owned.has(b.Name))
            this.owned.set(b.Name, {
              account: scope.account,
              ...(b.BucketRegion ? { region: b.BucketRegion } : {}),
            });
      }
    };

    for (const decl of group) {
      if (decl.after?.length) continue;
      const sources = decl.perKey ?? [];
      const regions = decl.level === 'region' ? scope.regions : [this.regionFor(decl)];
      for (const region of regions) {
        if (sources.length === 0) schedule(decl, region);
        for (const src of sources.filter((s) => s.from === 'scope'))
          for (const c of src.keys({}, ctx(region))) schedule(decl, region, c);
      }
    }
    for (const region of scope.regions)
      if (!regionPending.get(region)) {
        regionDone.add(region);
        this.progress.regionDone(scope.account, region);
      }
    await tracker.idle();
  }

  /** The folder of an account- or organization-level call: `global`, or the region it ran in. */
  private regionFor(decl: Declaration): string {
    return decl.folder === 'call-region' ? this.home : 'global';
  }

  private refBucket(bucket: string, account: string): void {
    const refs = this.bucketRefs.get(bucket) ?? [];
    if (!refs.includes(account)) refs.push(account);
    this.bucketRefs.set(bucket, refs);
  }

  /** Who reads each log bucket: the account that owns it (ListBuckets), else one that delivers to it. */
  private bucketTasks(
    refs: Map<string, string[]>,
    owned: Map<string, { account: string; region?: string }>,
    callable: { has(account: string): boolean },
  ): BucketTask[] {
    const tasks: BucketTask[] = [];
    for (const [bucket, accounts] of refs) {
      const owner = owned.get(bucket);
      const account =
        owner && callable.has(owner.account) ? owner.account : accounts.find((a) => callable.has(a));
      if (!account) continue;
      tasks.push({
        bucket,
        account,
        ...(owner?.account === account && owner.region ? { region: owner.region } : {}),
      });
    }
    return tasks;
  }

  /** Each log bucket's lifecycle, in the bucket's region (GetBucketLocation when ListBuckets did not say). */
  private async runBucketTasks(tasks: BucketTask[]): Promise<void> {
    const lifecycle = declarationOf('s3api:GetBucketLifecycleConfiguration');
    const location = declarationOf('s3api:GetBucketLocation');
    const work = tasks.map(async ({ bucket, account, region: known }) => {
      const credentials = this.accountCredentials.get(account);
      if (!credentials) return;
      const scope: Scope = { account, credentials, regions: [] };
      let region = known;
      if (!region) {
        const found = await this.collectFile(
          scope,
          location,
          'global',
          [{ Bucket: bucket }],
          bucket,
          this.home,
        );
        if (!found) return;
        region = bucketRegion(found.LocationConstraint);
      }
      await this.collectFile(scope, lifecycle, region, [{ Bucket: bucket }], bucket);
    });
    await Promise.all(work);
  }

  /**
   * One file: every page (and every batch) of a call, or its error. Calls that would write the same file run
   * once. Returns the merged SDK output for fan-outs, undefined on error.
   */
  private collectFile(
    scope: Scope,
    decl: Declaration,
    folder: string,
    paramSets: Record<string, unknown>[],
    key?: string,
    callRegionOverride?: string,
  ): Promise<Output | undefined> {
    const path = awsPath(scope.account, folder, decl.service, decl.operation, key);
    const existing = this.files.get(path);
    if (existing) return existing;
    const callRegion = this.pool.callRegion(
      decl.service,
      callRegionOverride ?? (folder === 'global' ? this.home : folder),
    );
    const done = this.callAndWrite(scope, decl, folder, callRegion, paramSets, path, key);
    this.files.set(path, done);
    // Memory grows with accounts, not responses: once fanned out, an output is kept only if it is asked for again.
    if (!retained.has(decl.id)) done.then(() => this.files.set(path, settled));
    return done;
  }

  private async callAndWrite(
    scope: Scope,
    decl: Declaration,
    folder: string,
    callRegion: string,
    paramSets: Record<string, unknown>[],
    path: string,
    key: string | undefined,
  ): Promise<Output | undefined> {
    const shown =
      paramSets.length === 1 ? { ...decl.params, ...paramSets[0] } : { ...decl.params, batches: paramSets };
    this.progress.callsPlanned(paramSets.length);
    const pages: Output[] = [];
    const api = `${decl.service}:${decl.operation}`;
    try {
      for (const params of paramSets) {
        if (decl.poll) pages.push(await this.poll(scope, decl, callRegion, { ...decl.params, ...params }));
        else pages.push(...(await this.pages(scope, decl, callRegion, { ...decl.params, ...params })));
      }
    } catch (err) {
      const e = describeError(err, this.scrubber);
      const errorPath = path.replace(/\.json$/, '.error.json');
      await this.write(
        errorPath,
        { ...e, Operation: decl.operation, Parameters: shown },
        decl,
        folder,
        shown,
        e.Code,
      );
      const answer = decl.answers?.includes(e.Code) === true;
      if (!answer) {
        this.failedCalls++;
        this.failures.set(path, { ...e, api, region: folder });
      }
      this.progress.callDone({
        scope: scope.account,
        region: folder,
        api,
        ...(key !== undefined ? { key } : {}),
        outcome: answer ? 'answer' : 'error',
        code: e.Code,
        message: e.Message,
      });
      return undefined;
    }
    const merged = mergeOutputs(decl, pages);
    if (this.options.live) this.noteForLive(scope.account, folder, decl.id, merged);
    await this.write(path, cliOutput(decl, merged), decl, folder, shown);
    this.progress.callDone({
      scope: scope.account,
      region: folder,
      api,
      ...(key !== undefined ? { key } : {}),
      outcome: 'ok',
    });
    return merged;
  }

  private async write(
    path: string,
    data: unknown,
    decl: Declaration,
    region: string,
    parameters: Record<string, unknown>,
    errorCode?: string,
  ): Promise<void> {
    const record: Omit<ManifestFile, 'path' | 'sha256' | 'bytes'> = {
      service: decl.service,
      operation: decl.operation,
      region,
      parameters,
      collectedAt: this.clock().toISOString(),
      outcome: errorCode ? 'error' : 'ok',
      ...(errorCode ? { errorCode } : {}),
    };
    const entry = await this.writer.writeJsonAsync(path, data, record);
    this.post?.({ t: 'file', entry });
  }

  private async pages(scope: Scope, decl: Declaration, region: string, params: Record<string, unknown>) {
    const paging = decl.paging;
    const out: Output[] = [];
    const seen = new Set<unknown>();
    let token: unknown;
    for (;;) {
      const input: Record<string, unknown> = { ...params };
      if (paging?.limit) input[paging.limit.param] = paging.limit.value;
      if (paging && token !== undefined) input[paging.input] = token;
      const page = await this.send(
        scope.account,
        scope.credentials,
        region,
        decl.service,
        decl.operation,
        input,
      );
      out.push(page);
      if (!paging) return out;
      const next = page[paging.output];
      const more = paging.more ? page[paging.more] === true : true;
      if (next === undefined || next === null || next === '' || !more || seen.has(next)) return out;
      seen.add(next);
      token = next;
      this.progress.callsPlanned(1);
    }
  }

  private async poll(scope: Scope, decl: Declaration, region: string, params: Record<string, unknown>) {
    const poll = decl.poll as NonNullable<Declaration['poll']>;
    let last: Output = {};
    for (let attempt = 1; attempt <= poll.attempts; attempt++) {
      last = await this.send(scope.account, scope.credentials, region, decl.service, decl.operation, params);
      if (poll.done(last) || attempt === poll.attempts) return last;
      this.progress.callsPlanned(1);
      await new Promise((r) => setTimeout(r, this.options.pollDelayMs ?? poll.delayMs));
    }
    return last;
  }

  /** One HTTP call (with the SDK's retries), paced per (account, region, service) and bounded overall. */
  private send(
    account: string,
    credentials: AwsCredentialIdentityProvider,
    region: string,
    service: CliService,
    operation: string,
    input: Record<string, unknown>,
  ): Promise<Output> {
    const limitKey = `${account}|${region}|${service}`;
    let limit = this.keyLimits.get(limitKey);
    if (!limit) {
      limit = pLimit(this.options.serviceConcurrency ?? 4);
      this.keyLimits.set(limitKey, limit);
    }
    return limit(async () => {
      const client = this.pool.client(account, region, service, credentials, (op) =>
        this.rate(account, region, service, op)?.take(),
      );
      const command = this.pool.command(service, operation, input);
      return this.all(async () => {
        this.calls++;
        try {
          const out = await client.send(command);
          this.retries += Math.max(0, ((out.$metadata as { attempts?: number })?.attempts ?? 1) - 1);
          return out;
        } catch (err) {
          this.retries += Math.max(
            0,
            ((err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) - 1,
          );
          throw err;
        }
      });
    });
  }

  private rate(
    account: string,
    region: string,
    service: CliService,
    operation: string,
  ): TokenBucket | undefined {
    if (this.options.rates === false) return undefined;
    const published =
      operationRates[`${service}:${operation}`] ?? this.options.rates?.[service] ?? defaultRates[service];
    // Threads share the caller's buckets (its AssumeRole and organization calls): each keeps to its part.
    const share = this.shared?.account === account ? this.shared.share : 1;
    const rate = {
      ...published,
      burst: Math.max(1, published.burst * share),
      perSecond: published.perSecond * share,
    };
    const key = `${account}|${region}|${service}|${rate.per === 'operation' ? operation : '*'}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // 10% under the published refill rate, so arrival jitter never pushes a call over the service's bucket.
      bucket = new TokenBucket({ burst: rate.burst, perSecond: rate.perSecond * 0.9 });
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Keeps the instances and detectors a region's posture calls listed, for that region's live legs. */
  private noteForLive(account: string, region: string, id: string, output: Output): void {
    if (id === 'ec2:DescribeInstances') {
      const list: LiveInstance[] = [];
      for (const r of (output.Reservations ?? []) as { Instances?: Output[] }[])
        for (const i of r.Instances ?? []) {
          if (typeof i.InstanceId !== 'string') continue;
          const launched =
            i.LaunchTime instanceof Date ? i.LaunchTime.getTime() : Date.parse(String(i.LaunchTime));
          list.push({
            id: i.InstanceId,
            ...(typeof (i.State as Output)?.Name === 'string'
              ? { state: (i.State as Output).Name as string }
              : {}),
            ...(Number.isFinite(launched) ? { launchTime: launched } : {}),
            detailed: (i.Monitoring as Output)?.State === 'enabled',
          });
        }
      this.liveInstances.set(`${account}|${region}`, list);
    }
    if (id === 'guardduty:ListDetectors')
      this.liveDetectors.set(`${account}|${region}`, ((output.DetectorIds ?? []) as unknown[]).map(String));
  }

  /**
   * The flow leg pushed down to Athena, once per run: the flow-log table holds every account's records, so it is
   * queried with the caller's credentials in one region. Asked for by any --athena-* option in a live run.
   */
  private async runFlowPushdown(caller: Scope): Promise<void> {
    const o = this.options.cliOptions ?? {};
    const window = this.options.live;
    if (!window || !this.options.intel || !Object.keys(o).some((k) => k.startsWith('athena'))) return;
    const region = typeof o.athenaRegion === 'string' ? o.athenaRegion : this.home;
    const io = this.liveIo(caller, region);
    const { pushDownAwsFlowLeg } = await import('../pushdown/flow-leg.js');
    this.progress.callsPlanned(1);
    const outcome = await pushDownAwsFlowLeg({
      writer: this.writer,
      window,
      account: caller.account,
      region,
      client: io.clientConfig('@aws-sdk/client-athena'),
      intel: this.options.intel,
      options: o as AthenaPushdownOptions,
    });
    // A failed query left its own .error.json: the network leg is named blind from the manifest.
    io.counted(outcome.state === 'ok' ? 'ok' : 'error', 'athena:StartQueryExecution', outcome.reason);
  }

  /** The live legs in every collected region of an account, on its credentials, paced and recorded like posture. */
  private async runLive(scope: Scope, window: LiveWindow, posture: Promise<void>): Promise<void> {
    await Promise.all(
      scope.regions.map((region) => {
        const key = `${scope.account}|${region}`;
        const state: LiveRegion = {
          account: scope.account,
          region,
          window,
          posture: posture.then(() => {
            state.instances = this.liveInstances.get(key);
            state.detectors = this.liveDetectors.get(key);
            this.liveInstances.delete(key);
            this.liveDetectors.delete(key);
          }),
          instances: undefined,
          detectors: undefined,
          launched: new Set(),
          options: this.options.cliOptions ?? {},
        };
        return runLiveRegion(state, this.liveIo(scope, region));
      }),
    );
  }

  private liveIo(scope: Scope, region: string): LiveIo {
    const path = (service: string, operation: string, key?: string) =>
      `${BUNDLE_TELEMETRY_DIR}/${awsPath(scope.account, region, service, operation, key)}`;
    const record = (service: string, operation: string, parameters: Record<string, unknown>) => ({
      service,
      operation,
      region,
      parameters,
      collectedAt: this.clock().toISOString(),
    });
    const counted = (outcome: 'ok' | 'error', api: string, code?: string) => {
      this.calls++;
      if (outcome === 'error') this.failedCalls++;
      this.progress.callDone({
        scope: scope.account,
        region,
        api,
        outcome,
        ...(code ? { code } : {}),
      });
    };
    return {
      send: (service, operation, input) => {
        this.progress.callsPlanned(1);
        return this.send(scope.account, scope.credentials, region, service, operation, input);
      },
      write: async (service, operation, data, parameters, key) => {
        const entry = await this.writer.writeJsonAsync(path(service, operation, key), data, {
          ...record(service, operation, parameters),
          outcome: 'ok',
        });
        this.post?.({ t: 'file', entry });
        this.progress.callDone({
          scope: scope.account,
          region,
          api: `${service}:${operation}`,
          outcome: 'ok',
        });
      },
      fail: async (service, operation, err, parameters, key) => {
        const e = describeError(err, this.scrubber);
        const errorPath = path(service, operation, key).replace(/\.json$/, '.error.json');
        const entry = await this.writer.writeJsonAsync(
          errorPath,
          { ...e, Operation: operation, Parameters: parameters },
          { ...record(service, operation, parameters), outcome: 'error', errorCode: e.Code },
        );
        this.post?.({ t: 'file', entry });
        this.failedCalls++;
        const api = `${service}:${operation}`;
        this.failures.set(errorPath, { ...e, api, region });
        this.progress.callDone({
          scope: scope.account,
          region,
          api,
          outcome: 'error',
          code: e.Code,
          message: e.Message,
        });
      },
      skip: (service, operation, reason, key) => {
        const entry = this.writer.skip(path(service, operation, key), {
          ...record(service, operation, { reason }),
        });
        this.post?.({ t: 'file', entry });
      },
      clientConfig: (pkg) => this.pool.clientConfig(pkg, region, scope.credentials),
      writer: {
        writeJsonAsync: async (path, data, fileRecord) => {
          const entry = await this.writer.writeJsonAsync(path, data, fileRecord);
          this.post?.({ t: 'file', entry });
          return entry;
        },
      },
      counted,
    };
  }

  private dropLimits(account: string): void {
    for (const map of [this.keyLimits, this.buckets] as Map<string, unknown>[])
      for (const key of map.keys()) if (key.startsWith(`${account}|`)) map.delete(key);
  }
}

/** A progress reporter that sends every event to the main thread. */
function forwardProgress(post: (m: FromShard) => void): CollectProgress {
  const send =
    <K extends keyof CollectProgress>(m: K) =>
    (...a: Parameters<CollectProgress[K]>) =>
      post({ t: 'progress', event: { m, a } as ProgressEvent });
  return {
    scopesKnown: send('scopesKnown'),
    scopeStarted: send('scopeStarted'),
    regionsPlanned: send('regionsPlanned'),
    regionDone: send('regionDone'),
    regionSkipped: send('regionSkipped'),
    scopeFinished: send('scopeFinished'),
    callsPlanned: send('callsPlanned'),
    callDone: send('callDone'),
    finished: send('finished'),
  };
}

/** The thread script: compiled JavaScript next to this file, or the TypeScript source in tests. */
function shardScript(): { url: URL; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { url: new URL('./worker.js', import.meta.url), execArgv: [] };
  return {
    url: new URL('./worker.ts', import.meta.url),
    // Parameter properties need the transform, not just type stripping.
    execArgv: [
      '--experimental-transform-types',
      '--import',
      new URL('../../../src/detect/source-hooks.ts', import.meta.url).href,
      '--no-warnings',
    ],
  };
}

/** Runs one collecting thread until it reports done; its messages go to `handle`. */
function startShard(
  setup: ShardSetup,
  handle: (m: FromShard, send: (m: ToShard) => void) => void,
): Promise<void> {
  const { url, execArgv } = shardScript();
  // A bounded heap per thread: memory stays flat however many accounts the thread collects.
  const worker = new Worker(url, {
    workerData: setup,
    execArgv,
    resourceLimits: { maxOldGenerationSizeMb: 384 },
  });
  const send = (m: ToShard) => worker.postMessage(m);
  return new Promise<void>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: FromShard) => {
      if (m.t === 'failed') {
        done = true;
        reject(new Error(`a collecting thread failed: ${m.message}`));
        void worker.terminate();
        return;
      }
      handle(m, send);
      if (m.t === 'done') {
        done = true;
        void worker.terminate().then(() => resolve());
      }
    });
    worker.on('error', (err) => {
      if (!done) reject(err);
    });
    worker.on('exit', (code) => {
      if (!done) reject(new Error(`a collecting thread stopped (exit code ${code})`));
    });
  });
}

/** Inside a collecting thread: runs its shard and talks to the main thread over `port`. */
export async function runShardThread(
  setup: ShardSetup,
  port: { postMessage(m: FromShard): void; on(event: 'message', listener: (m: ToShard) => void): void },
): Promise<void> {
  const post = (m: FromShard) => port.postMessage(m);
  let handOut: (tasks: BucketTask[]) => void = () => {};
  const buckets = new Promise<BucketTask[]>((resolve) => {
    handOut = resolve;
  });
  port.on('message', (m) => {
    if (m.t === 'buckets') handOut(m.tasks);
  });
  const run = new CollectRun(setup.options, post);
  try {
    await run.runShard(setup, buckets);
  } catch (err) {
    post({ t: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  } finally {
    run.close();
  }
}

function declarationOf(id: string): Declaration {
  const d = declarations.find((x) => x.id === id);
  if (!d) throw new Error(`no collector is declared for ${id}`);
  return d;
}

/** GetBucketLocation's answer: empty means us-east-1, `EU` the old name of eu-west-1. */
function bucketRegion(constraint: unknown): string {
  if (constraint === undefined || constraint === null || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : String(constraint);
}
