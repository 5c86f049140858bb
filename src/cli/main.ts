import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { toolVersion } from '../package-info.js';
import { PolicyError } from '../policy/load.js';
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
    if (err instanceof PolicyError) {
      io.err('rigsight: the policy is not valid:');
      io.err(err.message);
      return exitCodes.usage;
    }
    if (err instanceof InputError) {
      io.err(`rigsight: ${err.message}`);
      for (const d of err.details.slice(0, 50)) io.err(`  ${d}`);
      return exitCodes.usage;
    }
    io.err(`rigsight: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return exitCodes.usage;
  }
}
