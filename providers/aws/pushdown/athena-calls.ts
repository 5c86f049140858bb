/**
 * Every Athena operation the pushed-down flow leg calls. StartQueryExecution runs one generated SELECT (never DDL)
 * and writes its result only to the output location the user names; StopQueryExecution cancels only that query, on
 * the scan cap or a timeout. Neither changes the user's data or configuration: both are allowed under the read-only
 * rule for this leg, and nothing else is.
 */
export const ATHENA_CALLS = [
  'StartQueryExecution',
  'GetQueryExecution',
  'GetQueryResults',
  'StopQueryExecution',
] as const;
export type AthenaCall = (typeof ATHENA_CALLS)[number];
