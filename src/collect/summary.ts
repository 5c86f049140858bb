/** How one scope's collection ended. */
export interface ScopeSummary {
  id: string;
  status: 'collected' | 'partial' | 'failed';
  /** The identity that collected it (never a secret); null when it could not be entered. */
  caller: string | null;
  reason?: string;
}

/** What a collection run did, for the terminal and the exit code. */
export interface CollectSummary {
  out: string;
  caller: string;
  scopes: ScopeSummary[];
  /** HTTP calls made (pages and polls included, retries not). */
  calls: number;
  retries: number;
  /** Calls that failed after retries (errors that are answers not included). */
  failedCalls: number;
  files: number;
  skippedRegions: number;
  elapsedMs: number;
}
