import type { Command } from 'commander';
import { catalog } from '../../controls/catalog.js';
import type { CommandContext } from '../command-context.js';

export function registerControls(program: Command, ctx: CommandContext): void {
  program
    .command('controls')
    .description('list the AN0744 control catalog')
    .option('--json', 'as JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        ctx.io.out(
          JSON.stringify(
            catalog.map(({ evaluate: _e, ...meta }) => meta),
            null,
            2,
          ),
        );
        return;
      }
      for (const c of catalog)
        ctx.io.out(`${c.id.padEnd(22)} ${c.severity.padEnd(7)} ${c.pillar.padEnd(20)} ${c.title}`);
    });
}
