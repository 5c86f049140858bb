/**
 * Stable error codes: printed with every user-facing error and listed in docs/errors.md. Never rename
 * one; scripts match on them.
 */
export const errorCodes = {
  RS_INPUT: 'a file, folder or option given to rigsight cannot be used',
  RS_POLICY: 'the policy file is not valid',
  RS_COLLECT: 'nothing could be collected (credentials, the organization or tenant listing)',
  RS_OUTPUT: 'the output location cannot be written',
  RS_HISTORY: 'the history store cannot be used (its location, connection, credentials or schema)',
  RS_INTERNAL: 'rigsight itself failed (a bug: please report it with --debug output)',
} as const;
export type ErrorCode = keyof typeof errorCodes;

/** An error rigsight explains to its user: a stable code, one line, and optional detail lines. */
export class RigsightError extends Error {
  // Plain fields (not constructor parameter properties), so threads running TypeScript sources can load them.
  readonly code: ErrorCode;
  readonly details: string[];

  constructor(code: ErrorCode, message: string, details: string[] = []) {
    super(message);
    this.code = code;
    this.details = details;
    this.name = 'RigsightError';
  }
}

/** An input problem that stops a run: exit code 2, message names the file and what is wrong. */
export class InputError extends RigsightError {
  constructor(message: string, details: string[] = []) {
    super('RS_INPUT', message, details);
    this.name = 'InputError';
  }
}

/** Nothing could be collected (no credentials, organization not listable): exit code 2. */
export class CollectError extends RigsightError {
  constructor(message: string, details: string[] = []) {
    super('RS_COLLECT', message, details);
    this.name = 'CollectError';
  }
}

/** The output folder or file cannot be written; checked before any work is done. */
export class OutputError extends RigsightError {
  constructor(message: string, details: string[] = []) {
    super('RS_OUTPUT', message, details);
    this.name = 'OutputError';
  }
}
