export * from './cpu.js';
export * from './formats.js';
export * from './fuse/index.js';
export * from './identity.js';
export type { JsonReader, LineReader, Loc, TelemetryReader } from './reader.js';
export * from './run.js';
export type * from './signals.js';
