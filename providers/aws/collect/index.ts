export { allCalls, assumeRole, declarations } from './catalog.js';
export type { CliService, Declaration, Level } from './declaration.js';
export {
  CollectError,
  type CollectOptions,
  type CollectSummary,
  collectAws,
  type ScopeSummary,
} from './engine.js';
export {
  BarProgress,
  type CollectProgress,
  LogLinesProgress,
  silentProgress,
} from './progress.js';
export { defaultRates, type Rate } from './rate-limits.js';
