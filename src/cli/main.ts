import { Command, CommanderError } from 'commander';
import { type ErrorCode, RigsightError } from '../errors.js';
import { toolVersion } from '../package-info.js';
import type { CommandContext } from './command-context.js';
import { exitCodes } from './exit-codes.js';
import { type Io, processIo } from './io.js';

type Register = (program: Command, ctx: CommandContext) => void;

/** Every command, registered explicitly, one file each; loaded only when the command line names it. */
const commands: Record<string, () => Promise<Register>> = {
  assess: async () => (await import('./commands/assess.js')).registerAssess,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  collect: async () => (await import('./commands/collect.js')).registerCollect,
  permissions: async () => (await import('./commands/permissions.js')).registerPermissions,
  detect: async () => (await import('./commands/detect.js')).registerDetect,
  evidence: async () => (await import('./commands/evidence.js')).registerEvidence,
  policy: async () => (await import('./commands/policy.js')).registerPolicy,
  report: async () => (await import('./commands/report.js')).registerReport,
  controls: async () => (await import('./commands/controls.js')).registerControls,
  explain: async () => (await import('./commands/explain.js')).registerExplain,
  history: async () => (await import('./commands/history.js')).registerHistory,
};

/**
 * Builds the CLI with every command, or with only the ones named (a run needs only its own: `policy validate` and
 * `--version` then start without loading the cloud adapters).
 */
export async function buildProgram(
  ctx: CommandContext,
  only: readonly string[] = Object.keys(commands),
): Promise<Command> {
  const program = new Command('rigsight')
    .description(
      'Could we see, stop and prove cloud cryptomining (MITRE ATT&CK AN0744)? Posture, detection and evidence.',
    )
    .version(toolVersion)
    .option('--debug', 'print the stack trace of an internal error')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
  const loaded = await Promise.all(only.map((name) => commands[name]?.()));
  for (const register of loaded) register?.(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** The commands a command line needs: the one it names; none for the bare version; all for help or a typo. */
function needed(argv: string[]): string[] | undefined {
  const words = argv.slice(2);
  const name = words.find((w) => !w.startsWith('-'));
  if (name && name in commands) return [name];
  if (!name && words.some((w) => w === '--version' || w === '-V')) return [];
  return undefined;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = exitCodes.done;
  const ctx: CommandContext = { io, exit: (c) => (code = c) };
  try {
    await (await buildProgram(ctx, needed(argv))).parseAsync(argv);
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
