/** A token bucket: `burst` calls at once, then `perSecond` refilled. */
export interface Rate {
  burst: number;
  perSecond: number;
  /** One bucket per operation, or one shared by the service's calls. */
  per: 'operation' | 'service';
  /** Where the figure comes from (the cloud's published limit, or why a conservative one). */
  source: string;
}

/** Waits for a token; tokens refill continuously, so a caller waits only as long as the rate demands. */
export class TokenBucket {
  private tokens: number;
  private at: number;
  /** Callers waiting, in order; the bucket is drained FIFO so no caller starves. */
  private queue: Promise<void> = Promise.resolve();
  private readonly rate: Pick<Rate, 'burst' | 'perSecond'>;
  private readonly now: () => number;

  constructor(rate: Pick<Rate, 'burst' | 'perSecond'>, now: () => number = () => performance.now()) {
    this.rate = rate;
    this.now = now;
    this.tokens = rate.burst;
    this.at = this.now();
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  /** Empties the bucket for `ms` (a server said Retry-After): every caller waits it out. */
  pause(ms: number): void {
    this.tokens = Math.min(this.tokens, 0) - (ms / 1000) * this.rate.perSecond;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) / 1000) * this.rate.perSecond);
      this.at = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000)));
    }
  }
}
