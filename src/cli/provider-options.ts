import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CliOption, OptionValues, ProviderAdapter } from '../../providers/adapter.js';
import { adapters } from '../../providers/index.js';
import { InputError } from '../errors.js';

type Capability = 'collect' | 'permissions';

function optionsOf(adapter: ProviderAdapter, capability: Capability): readonly CliOption[] {
  return adapter[capability]?.options ?? [];
}

/** The providers that offer a capability, for `--provider` choices and messages. */
export function providersWith(capability: Capability): string[] {
  return adapters()
    .filter((a) => a[capability])
    .map((a) => a.provider);
}

/** `--org-role <name>` → `orgRole`, as commander names option values. */
function attributeOf(flags: string): string {
  const long = /--([a-z0-9-]+)/.exec(flags)?.[1] ?? flags;
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Adds `--provider` and every provider's options for a capability (one option per flag name). */
export function addProviderOptions(cmd: Command, capability: Capability, required = false): Command {
  const providers = providersWith(capability);
  const choice = new Option('--provider <cloud>', `cloud (${providers.join(', ')})`).choices(providers);
  if (required) choice.makeOptionMandatory();
  cmd.addOption(choice);
  const added = new Set<string>();
  for (const adapter of adapters()) {
    for (const o of optionsOf(adapter, capability)) {
      const name = attributeOf(o.flags);
      // A command's own option of the same name wins (detect's --workers reads files).
      if (added.has(name) || cmd.options.some((x) => x.attributeName() === name)) continue;
      added.add(name);
      const owners = adapters()
        .filter((a) => optionsOf(a, capability).some((x) => attributeOf(x.flags) === name))
        .map((a) => a.provider);
      const option = new Option(
        o.flags,
        owners.length < providers.length ? `${o.description} [${owners.join(', ')}]` : o.description,
      );
      const parse = o.parse;
      if (parse)
        option.argParser((value: string) => {
          try {
            return parse(value);
          } catch (err) {
            throw new InvalidArgumentError((err as Error).message);
          }
        });
      cmd.addOption(option);
    }
  }
  return cmd;
}

/**
 * The option values that belong to the chosen provider; an option another provider owns is a usage error
 * (`--org-role` with `--provider azure`), not silently ignored.
 */
export function providerValues(
  adapter: ProviderAdapter,
  capability: Capability,
  flags: Record<string, unknown>,
): OptionValues {
  const mine = new Set(optionsOf(adapter, capability).map((o) => attributeOf(o.flags)));
  const values: OptionValues = {};
  for (const other of adapters()) {
    for (const o of optionsOf(other, capability)) {
      const name = attributeOf(o.flags);
      if (flags[name] === undefined) continue;
      if (mine.has(name)) values[name] = flags[name];
      else
        throw new InputError(
          `${/--[a-z0-9-]+/.exec(o.flags)?.[0]} applies to --provider ${other.provider}, not ${adapter.provider}`,
        );
    }
  }
  return values;
}
