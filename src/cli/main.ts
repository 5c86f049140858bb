import { Command, CommanderError } from 'commander';
import { type ErrorCode, RigsightError } from '../errors.js';
import { toolVersion } from '../package-info.js';
import type { CommandContext } from './command-context.js';
import { registerAssess } from './commands/assess.js';
import { registerAudit } from './commands/audit.js';
import { registerCollect } from './commands/collect.js';
import { registerControls } from './commands/controls.js';
import { registerDetect } from './commands/detect.js';
import { registerEvidence } from './commands/evidence.js';
import { registerExplain } from './commands/explain.js';
import { registerHistory } from './commands/history.js';
import { registerPermissions } from './commands/permissions.js';
import { registerPolicy } from './commands/policy.js';
import { registerReport } from './commands/report.js';
import { exitCodes } from './exit-codes.js';
import { type Io, processIo } from './io.js';

/** Builds the CLI; commands are registered explicitly, one file each. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('rigsight')
    .description(
      'Could we see, stop and prove cloud cryptomining (MITRE ATT&CK AN0744)? Posture, detection and evidence.',
    )
    .version(toolVersion)
    .option('--debug', 'print the stack trace of an internal error')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
  for (const register of [
    registerAssess,
    registerAudit,
    registerCollect,
    registerPermissions,
    registerDetect,
    registerEvidence,
    registerPolicy,
    registerReport,
    registerControls,
    registerExplain,
    registerHistory,
  ]) {
    register(program, ctx);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = exitCodes.done;
  const ctx: CommandContext = { io, exit: (c) => (code = c) };
  try {
    await buildProgram(ctx).parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? exitCodes.done : exitCodes.usage;
    }
    if (err instanceof RigsightError && err.code === 'RS_POLICY') {
      io.err(`rigsight: the policy is not valid [${err.code}]:`);
      io.err(err.message);
      return exitCodes.usage;
    }
    if (err instanceof RigsightError) {
      io.err(`rigsight: ${err.message} [${err.code}]`);
      for (const d of err.details.slice(0, 50)) io.err(`  ${d}`);
      return exitCodes.usage;
    }
    const code: ErrorCode = 'RS_INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    io.err(`rigsight: internal error: ${message.split('\n')[0]} [${code}]`);
    if (argv.includes('--debug')) io.err(err instanceof Error ? (err.stack ?? message) : message);
    else io.err('  run again with --debug for the stack trace, and report it');
    return exitCodes.usage;
  }
}
