import { RigsightError } from '../errors.js';

/** What went wrong with the history store; each has one fix (docs/scheduled-assessments.md). */
export type HistoryProblem =
  | 'bad-location'
  | 'not-found'
  | 'cannot-open'
  | 'unreachable'
  | 'auth'
  | 'no-database'
  | 'newer-schema'
  | 'busy'
  | 'no-run'
  | 'needs-history'
  | 'usage'
  | 'failed';

/** A history problem: exit 2 with one line, `… [RS_HISTORY]`; never a stack, never a password. */
export class HistoryError extends RigsightError {
  readonly problem: HistoryProblem;

  constructor(problem: HistoryProblem, message: string) {
    super('RS_HISTORY', message);
    this.problem = problem;
    this.name = 'HistoryError';
  }
}
