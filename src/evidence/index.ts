export * from './bundle.js';
export * from './json-text.js';
export * from './manifest.js';
export * from './verify.js';
export * from './writer.js';
