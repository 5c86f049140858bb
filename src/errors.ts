/** An input problem that stops a run: exit code 2, message names the file and what is wrong. */
export class InputError extends Error {
  // A plain field (not a constructor parameter property), so threads running TypeScript sources can load it.
  readonly details: string[];

  constructor(message: string, details: string[] = []) {
    super(message);
    this.details = details;
    this.name = 'InputError';
  }
}
