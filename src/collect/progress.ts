import cliProgress from 'cli-progress';

export type CallOutcome = 'ok' | 'answer' | 'error';

export interface CallReport {
  scope: string;
  region: string;
  api: string;
  key?: string;
  outcome: CallOutcome;
  code?: string;
  message?: string;
}

/** What a collection run tells whoever watches it. Messages never carry secrets (the engine scrubs them). */
export interface CollectProgress {
  scopesKnown(total: number): void;
  scopeStarted(scope: string): void;
  regionsPlanned(scope: string, regions: number): void;
  regionDone(scope: string, region: string): void;
  regionSkipped(scope: string, region: string, why: string): void;
  scopeFinished(scope: string, status: 'collected' | 'partial' | 'failed', reason?: string): void;
  /** More HTTP calls are now known to be needed (fan-outs and further pages appear as outputs arrive). */
  callsPlanned(n: number): void;
  callDone(call: CallReport): void;
  finished(summary: {
    calls: number;
    errors: number;
    scopes: number;
    failedScopes: number;
    ms: number;
  }): void;
}

/** What the watcher calls a scope and a region: "account"/"region", "subscription"/"location". */
export interface ProgressNouns {
  scope: string;
  region: string;
}

const awsNouns: ProgressNouns = { scope: 'account', region: 'region' };

export const silentProgress: CollectProgress = {
  scopesKnown() {},
  scopeStarted() {},
  regionsPlanned() {},
  regionDone() {},
  regionSkipped() {},
  scopeFinished() {},
  callsPlanned() {},
  callDone() {},
  finished() {},
};

/** `key=value` pairs, values quoted when they need it: one line per event, for logs and CI. */
function logfmt(fields: Record<string, string | number | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => {
      const s = String(v);
      return `${k}=${/^[\w.:/@+-]+$/.test(s) ? s : JSON.stringify(s)}`;
    })
    .join(' ');
}

/** Plain structured lines for a log file or a non-terminal stderr; a progress line every `everyMs`. */
export class LogLinesProgress implements CollectProgress {
  private planned = 0;
  private done = 0;
  private errors = 0;
  private scopes = 0;
  private scopesDone = 0;
  private lastTick = 0;
  private readonly write: (line: string) => void;
  private readonly everyMs: number;
  private readonly now: () => Date;
  private readonly nouns: ProgressNouns;

  constructor(
    write: (line: string) => void,
    everyMs = 10_000,
    now: () => Date = () => new Date(),
    nouns: ProgressNouns = awsNouns,
  ) {
    this.write = write;
    this.everyMs = everyMs;
    this.now = now;
    this.nouns = nouns;
  }

  private line(
    level: 'info' | 'warn' | 'error',
    event: string,
    fields: Record<string, string | number | undefined>,
  ) {
    this.write(logfmt({ time: this.now().toISOString(), level, event, ...fields }));
  }

  scopesKnown(total: number) {
    this.scopes = total;
    this.line('info', `collect.${this.nouns.scope}s`, { [`${this.nouns.scope}s`]: total });
  }
  scopeStarted(scope: string) {
    this.line('info', `${this.nouns.scope}.start`, { [this.nouns.scope]: scope });
  }
  regionsPlanned(scope: string, regions: number) {
    this.line('info', `${this.nouns.scope}.${this.nouns.region}s`, {
      [this.nouns.scope]: scope,
      [`${this.nouns.region}s`]: regions,
    });
  }
  regionDone() {}
  regionSkipped(scope: string, region: string, why: string) {
    this.line('info', `${this.nouns.region}.skipped`, {
      [this.nouns.scope]: scope,
      [this.nouns.region]: region,
      why,
    });
  }
  scopeFinished(scope: string, status: string, reason?: string) {
    this.scopesDone++;
    this.line(
      status === 'failed' ? 'error' : status === 'partial' ? 'warn' : 'info',
      `${this.nouns.scope}.done`,
      { [this.nouns.scope]: scope, status, reason },
    );
  }
  callsPlanned(n: number) {
    this.planned += n;
  }
  callDone(call: CallReport) {
    this.done++;
    if (call.outcome === 'error') {
      this.errors++;
      this.line('warn', 'call.failed', {
        [this.nouns.scope]: call.scope,
        [this.nouns.region]: call.region,
        api: call.api,
        key: call.key,
        code: call.code,
        message: call.message,
      });
    }
    const t = this.now().getTime();
    if (t - this.lastTick >= this.everyMs) {
      this.lastTick = t;
      this.line('info', 'progress', {
        calls: `${this.done}/${this.planned}`,
        errors: this.errors,
        [`${this.nouns.scope}s`]: `${this.scopesDone}/${this.scopes}`,
      });
    }
  }
  finished(s: { calls: number; errors: number; scopes: number; failedScopes: number; ms: number }) {
    this.line(s.failedScopes > 0 || s.errors > 0 ? 'warn' : 'info', 'collect.done', {
      calls: s.calls,
      errors: s.errors,
      [`${this.nouns.scope}s`]: s.scopes,
      [`failed_${this.nouns.scope}s`]: s.failedScopes,
      seconds: (s.ms / 1000).toFixed(1),
    });
  }
}

/** A progress bar on a terminal's stderr: scopes, regions, calls done/total, errors, ETA. */
export class BarProgress implements CollectProgress {
  private readonly bar: cliProgress.SingleBar;
  private total = 0;
  private value = 0;
  private readonly counts = { scopes: 0, scopesDone: 0, regions: 0, regionsDone: 0, errors: 0 };
  private started = false;

  constructor(stream: NodeJS.WriteStream, nouns: ProgressNouns = awsNouns) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: `collect |{bar}| ${nouns.scope}s {scopesDone}/{scopes} | ${nouns.region}s {regionsDone}/{regions} | calls {value}/{total} | errors {errors} | ETA {eta_formatted}`,
        barsize: 24,
        etaBuffer: 200,
        fps: 5,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  private update() {
    if (!this.started) {
      this.started = true;
      this.bar.start(Math.max(this.total, 1), this.value, this.counts);
    }
    this.bar.setTotal(Math.max(this.total, 1));
    this.bar.update(this.value, this.counts);
  }

  scopesKnown(total: number) {
    this.counts.scopes = total;
    this.update();
  }
  scopeStarted() {}
  regionsPlanned(_: string, regions: number) {
    this.counts.regions += regions;
    this.update();
  }
  regionDone() {
    this.counts.regionsDone++;
    this.update();
  }
  regionSkipped() {}
  scopeFinished() {
    this.counts.scopesDone++;
    this.update();
  }
  callsPlanned(n: number) {
    this.total += n;
  }
  callDone(call: CallReport) {
    this.value++;
    if (call.outcome === 'error') this.counts.errors++;
    this.update();
  }
  finished() {
    if (this.started) this.bar.stop();
  }
}
