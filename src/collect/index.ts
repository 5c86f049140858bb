export * from './progress.js';
export * from './secrets.js';
export * from './summary.js';
export * from './token-bucket.js';
