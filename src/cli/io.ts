import { inertText } from '../text/inert.js';

/** Where commands write: injectable so tests can capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A reader that closed the pipe (`rigsight … | head`) ends the output, not the run with a stack trace. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

let guarded = false;

/** The terminal (or whatever stdout is): every string from a cloud or a log passes here, kept inert. */
export const processIo: Io = {
  out: (text) => {
    if (!guarded) {
      guarded = true;
      quietOnClosedPipe(process.stdout);
      quietOnClosedPipe(process.stderr);
    }
    process.stdout.write(`${inertText(text)}\n`);
  },
  err: (text) => process.stderr.write(`${inertText(text)}\n`),
};
