// The recipes in docs/scheduled-assessments.md must run as written: their YAML parses, and every rigsight
// command in them uses only options that command has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../../../src/cli/main.js';
import { packageRoot } from '../../../src/package-info.js';

const doc = readFileSync(join(packageRoot, 'docs', 'scheduled-assessments.md'), 'utf8');
const blocks = (lang: string) =>
  [...doc.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');

/** Every rigsight invocation: `npx rigsight …` in shell and YAML, and `args: [...]` of the CronJob. */
function invocations(): string[][] {
  const out: string[][] = [];
  const text = doc.replace(/\\\n\s*/g, ' ');
  for (const m of text.matchAll(/npx rigsight ([^\n|>`]*)/g))
    out.push(
      (m[1] ?? '')
        .trim()
        .split(/\s+/)
        .filter((w) => !w.startsWith('"$') && w !== '"'),
    );
  for (const m of text.matchAll(/args: \[([^\]]*)\]/g))
    out.push((m[1] ?? '').split(',').map((w) => w.trim()));
  return out;
}

function optionsOf(cmd: Command): Set<string> {
  return new Set(cmd.options.flatMap((o) => [o.long ?? '', o.short ?? '']).filter(Boolean));
}

describe('docs/scheduled-assessments.md recipes', () => {
  it('YAML parses', () => {
    const yamlBlocks = blocks('yaml');
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(4);
    for (const block of yamlBlocks)
      for (const d of parseAllDocuments(block)) expect(d.errors.map((e) => e.message)).toEqual([]);
  });

  it('every rigsight command uses options that exist', async () => {
    const program = await buildProgram({ io: { out: () => {}, err: () => {} }, exit: () => {} });
    const calls = invocations();
    expect(calls.length).toBeGreaterThanOrEqual(8);
    for (const args of calls) {
      let cmd: Command = program;
      const words = [...args];
      while (words.length && !words[0]?.startsWith('-')) {
        const next = cmd.commands.find((c) => c.name() === words[0]);
        if (!next) break;
        cmd = next;
        words.shift();
      }
      expect(cmd, args.join(' ')).not.toBe(program);
      const known = optionsOf(cmd);
      for (const w of words.filter((x) => x.startsWith('--')))
        expect(known, `${args.join(' ')}: ${w}`).toContain(w);
    }
  });
});
