import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

export function registerControls(program: Command, ctx: CommandContext): void {
  program
    .command('controls')
    .description('list the AN0744 control catalog')
    .option('--json', 'as JSON')
    .action(async (flags: { json?: boolean }) => {
      const { catalog } = await import('../../controls/catalog.js');
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
