import type { Command } from 'commander';
import { adapterFor } from '../../../providers/index.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { addProviderOptions, providerValues } from '../provider-options.js';

export function registerPermissions(program: Command, ctx: CommandContext): void {
  addProviderOptions(
    program
      .command('permissions')
      .description(
        'print the least-privilege grant collection needs, in the cloud’s own format (generated from its calls)',
      ),
    'permissions',
    true,
  ).action(async (flags: Record<string, unknown> & { provider: string }) => {
    const adapter = adapterFor(flags.provider);
    const permissions = adapter.permissions;
    if (!permissions) return;
    ctx.io.out(await permissions.render(providerValues(adapter, 'permissions', flags)));
    ctx.exit(exitCodes.done);
  });
}
