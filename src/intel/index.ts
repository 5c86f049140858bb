export * from './compile.js';
export * from './indicators.js';
export * from './matcher.js';
