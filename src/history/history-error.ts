import { InputError } from '../errors.js';

/** Why the history store could not do what was asked; each code has one fix. */
export type HistoryErrorCode =
  | 'history/bad-location'
  | 'history/not-found'
  | 'history/cannot-open'
  | 'history/unreachable'
  | 'history/auth'
  | 'history/no-database'
  | 'history/newer-schema'
  | 'history/busy'
  | 'history/no-run'
  | 'history/needs-history'
  | 'history/usage'
  | 'history/failed';

/** A history problem: exit 2 with one line, `[code] what failed: why`; never a stack, never a password. */
export class HistoryError extends InputError {
  readonly code: HistoryErrorCode;

  constructor(code: HistoryErrorCode, message: string) {
    super(`[${code}] ${message}`);
    this.code = code;
    this.name = 'HistoryError';
  }
}
