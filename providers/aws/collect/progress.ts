import cliProgress from 'cli-progress';

export type CallOutcome = 'ok' | 'answer' | 'error';

export interface CallReport {
  account: string;
  region: string;
  api: string;
  key?: string;
  outcome: CallOutcome;
  code?: string;
  message?: string;
}

/** What a collection run tells whoever watches it. Messages never carry secrets (the engine scrubs them). */
export interface CollectProgress {
  accountsKnown(total: number): void;
  accountStarted(account: string): void;
  regionsPlanned(account: string, regions: number): void;
  regionDone(account: string, region: string): void;
  regionSkipped(account: string, region: string, why: string): void;
  accountFinished(account: string, status: 'collected' | 'partial' | 'failed', reason?: string): void;
  /** More HTTP calls are now known to be needed (fan-outs and further pages appear as outputs arrive). */
  callsPlanned(n: number): void;
  callDone(call: CallReport): void;
  finished(summary: {
    calls: number;
    errors: number;
    accounts: number;
    failedAccounts: number;
    ms: number;
  }): void;
}

export const silentProgress: CollectProgress = {
  accountsKnown() {},
  accountStarted() {},
  regionsPlanned() {},
  regionDone() {},
  regionSkipped() {},
  accountFinished() {},
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
  private accounts = 0;
  private accountsDone = 0;
  private lastTick = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly everyMs = 10_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private line(
    level: 'info' | 'warn' | 'error',
    event: string,
    fields: Record<string, string | number | undefined>,
  ) {
    this.write(logfmt({ time: this.now().toISOString(), level, event, ...fields }));
  }

  accountsKnown(total: number) {
    this.accounts = total;
    this.line('info', 'collect.accounts', { accounts: total });
  }
  accountStarted(account: string) {
    this.line('info', 'account.start', { account });
  }
  regionsPlanned(account: string, regions: number) {
    this.line('info', 'account.regions', { account, regions });
  }
  regionDone() {}
  regionSkipped(account: string, region: string, why: string) {
    this.line('info', 'region.skipped', { account, region, why });
  }
  accountFinished(account: string, status: string, reason?: string) {
    this.accountsDone++;
    this.line(status === 'failed' ? 'error' : status === 'partial' ? 'warn' : 'info', 'account.done', {
      account,
      status,
      reason,
    });
  }
  callsPlanned(n: number) {
    this.planned += n;
  }
  callDone(call: CallReport) {
    this.done++;
    if (call.outcome === 'error') {
      this.errors++;
      this.line('warn', 'call.failed', {
        account: call.account,
        region: call.region,
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
        accounts: `${this.accountsDone}/${this.accounts}`,
      });
    }
  }
  finished(s: { calls: number; errors: number; accounts: number; failedAccounts: number; ms: number }) {
    this.line(s.failedAccounts > 0 || s.errors > 0 ? 'warn' : 'info', 'collect.done', {
      calls: s.calls,
      errors: s.errors,
      accounts: s.accounts,
      failed_accounts: s.failedAccounts,
      seconds: (s.ms / 1000).toFixed(1),
    });
  }
}

/** A progress bar on a terminal's stderr: accounts, regions, calls done/total, errors, ETA. */
export class BarProgress implements CollectProgress {
  private readonly bar: cliProgress.SingleBar;
  private total = 0;
  private value = 0;
  private readonly counts = { accounts: 0, accountsDone: 0, regions: 0, regionsDone: 0, errors: 0 };
  private started = false;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          'collect |{bar}| accounts {accountsDone}/{accounts} | regions {regionsDone}/{regions} | calls {value}/{total} | errors {errors} | ETA {eta_formatted}',
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

  accountsKnown(total: number) {
    this.counts.accounts = total;
    this.update();
  }
  accountStarted() {}
  regionsPlanned(_: string, regions: number) {
    this.counts.regions += regions;
    this.update();
  }
  regionDone() {
    this.counts.regionsDone++;
    this.update();
  }
  regionSkipped() {}
  accountFinished() {
    this.counts.accountsDone++;
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
