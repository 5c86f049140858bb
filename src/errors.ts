/** An input problem that stops a run: exit code 2, message names the file and what is wrong. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}
