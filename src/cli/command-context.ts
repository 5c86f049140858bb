import type { Io } from './io.js';

/** What each command gets: output streams and a place to leave its exit code. */
export interface CommandContext {
  io: Io;
  exit(code: number): void;
}
