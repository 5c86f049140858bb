export { allCalls, assumeRole, declarations } from './catalog.js';
export type { CliService, Declaration, Level } from './declaration.js';
export { type CollectOptions, collectAws } from './engine.js';
export { defaultRates } from './rate-limits.js';
