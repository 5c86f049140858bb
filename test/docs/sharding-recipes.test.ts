// The recipes in docs/sharding.md must run as written: every YAML and JSON block parses, and every rigsight command
// in them (shell lines, Kubernetes args, GitHub Actions steps, AWS Batch commands) is accepted by the CLI's parser,
// option values included (a shard written 0/4 or an unknown --on-conflict rule fails here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { packageRoot } from '../../src/package-info.js';

const doc = readFileSync(join(packageRoot, 'docs', 'sharding.md'), 'utf8');
const blocks = (lang: string) =>
  [...doc.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');

/** Every string inside a parsed YAML or JSON value (scripts sit in `args`, `run` and `command`). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** What the scheduler or the shell would put in place of each variable, for parsing only. */
function substitute(text: string): string {
  return text
    .replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, '2')
    .replace(/\$\{\{[^}]*\}\}/g, 'x')
    .replace(/\$\(\([^)]*\)\)/g, '3')
    .replace(/\$\([^)]*\)/g, '20261208T030000Z')
    .replace(/\$\{?shard\}?/g, '3')
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 'v');
}

/** Shell words with single and double quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Every `rigsight …` or `npx rigsight …` command in a script. */
function commandsIn(script: string): string[][] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split(/\n|;|&&/)
    .map((s) => s.trim())
    .filter((s) => /^(npx )?rigsight /.test(s))
    .map((s) => words(substitute(s.replace(/^npx /, ''))).slice(1));
}

function invocations(): string[][] {
  const scripts = [
    ...blocks('sh'),
    ...blocks('yaml').flatMap((b) => parseAllDocuments(b).flatMap((d) => strings(d.toJS()))),
    ...blocks('json').flatMap((b) => strings(JSON.parse(b))),
  ];
  return scripts.flatMap(commandsIn);
}

/** The CLI with every action replaced by nothing: parsing (options, choices, value parsers) still runs. */
async function parserOnly(): Promise<Command> {
  const program = await buildProgram({ io: { out: () => {}, err: () => {} }, exit: () => {} });
  const quiet = (cmd: Command): void => {
    cmd.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    if (cmd.commands.length === 0) cmd.action(() => {});
    for (const sub of cmd.commands) quiet(sub);
  };
  quiet(program);
  return program;
}

describe('docs/sharding.md recipes', () => {
  it('YAML and JSON blocks parse', () => {
    const yamlBlocks = blocks('yaml');
    expect(yamlBlocks.length).toBe(2);
    for (const block of yamlBlocks)
      for (const d of parseAllDocuments(block)) expect(d.errors.map((e) => e.message)).toEqual([]);
    const jobs = yamlBlocks.flatMap((b) => parseAllDocuments(b).map((d) => d.toJS()));
    expect(jobs.find((j) => j?.metadata?.name === 'rigsight-collect')?.spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 4,
    });
    for (const block of blocks('json')) expect(() => JSON.parse(block)).not.toThrow();
  });

  it('uses each scheduler index as documented: 0-based indexes get 1 added', () => {
    expect(doc).toContain('shard=$((JOB_COMPLETION_INDEX + 1))');
    expect(doc).toContain('shard=$((AWS_BATCH_JOB_ARRAY_INDEX + 1))');
    expect(doc).toContain('shard: [1, 2, 3, 4]');
  });

  it('every rigsight command is accepted by the CLI parser', async () => {
    const calls = invocations();
    const joined = calls.map((c) => c.join(' '));
    expect(joined.filter((c) => c.startsWith('collect ')).length).toBeGreaterThanOrEqual(7);
    expect(joined.filter((c) => c.startsWith('evidence merge ')).length).toBeGreaterThanOrEqual(4);
    expect(joined.filter((c) => c.startsWith('assess ')).length).toBeGreaterThanOrEqual(4);
    for (const args of calls) {
      const failure = await (await parserOnly()).parseAsync(['node', 'rigsight', ...args]).then(
        () => undefined,
        (err: unknown) => (err instanceof CommanderError ? err.message : String(err)),
      );
      expect(failure, args.join(' ')).toBeUndefined();
    }
  });

  it('would catch a recipe that does not parse', async () => {
    const bad = commandsIn('rigsight collect --provider aws --shard 0/4 --out b');
    const failure = await (await parserOnly()).parseAsync(['node', 'rigsight', ...(bad[0] ?? [])]).then(
      () => undefined,
      (err: unknown) => (err instanceof CommanderError ? err.message : String(err)),
    );
    expect(failure).toMatch(/I counts from 1: add 1 to a scheduler's 0-based index/);
  });
});
