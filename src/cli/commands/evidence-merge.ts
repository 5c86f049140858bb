import { type Command, Option } from 'commander';
import { vocabularyOf } from '../../../providers/index.js';
import { InputError } from '../../errors.js';
import type { MergeConflict } from '../../evidence/merge-plan.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { prepareOutFolder } from '../output-path.js';
import { assertEmptyFolder } from './collect.js';

interface MergeFlags {
  out: string;
  onConflict: 'refuse' | 'newest';
  allowUnverified?: boolean;
  strict?: boolean;
  quiet?: boolean;
}

const short = (sha?: string) => (sha ? `${sha.slice(0, 12)}…` : '');

/** A conflict path by path: every input's copy, and which was kept. */
function conflictLine(c: MergeConflict, inputs: readonly string[]): string {
  const copies = c.copies
    .map((x) => `${inputs[x.input]}${x.sha256 ? ` ${short(x.sha256)}` : ''} (${x.collectedAt})`)
    .join(' vs ');
  const kept = c.kept === undefined ? '' : `; kept ${inputs[c.kept]}`;
  return `${c.kind === 'scope' ? 'scope collected twice' : 'differing copies'}: ${c.path}: ${copies}${kept}`;
}

/** `evidence merge`: joins shard bundles into one, verified first; conflicts and absent shards are named. */
export function registerEvidenceMerge(evidence: Command, ctx: CommandContext): void {
  evidence
    .command('merge')
    .description(
      'join evidence bundles (the shards of a collection) into one new bundle; every input is verified first',
    )
    .argument('<bundles...>', 'bundle folders or .tar.gz files')
    .requiredOption('--out <dir>', 'new or empty folder for the merged bundle')
    .addOption(
      new Option(
        '--on-conflict <rule>',
        'when inputs hold different copies of a file, or the same scope: refuse, or keep the newest',
      )
        .choices(['refuse', 'newest'])
        .default('refuse'),
    )
    .option(
      '--allow-unverified',
      'merge inputs that do not match their manifests (their problems are listed)',
    )
    .option('--strict', 'exit 3 when shards are missing or an input was unverified')
    .option('--quiet', 'print nothing but errors')
    .action(async (bundles: string[], flags: MergeFlags) => {
      assertEmptyFolder(flags.out);
      prepareOutFolder(flags.out, bundles);
      const { mergeBundles } = await import('../../evidence/merge.js');
      const result = await mergeBundles({
        inputs: bundles,
        out: flags.out,
        onConflict: flags.onConflict,
        allowUnverified: flags.allowUnverified ?? false,
      });
      if (result.refused) {
        const details = [...result.problems, ...result.conflicts.map((c) => conflictLine(c, result.inputs))];
        const why = [
          result.problems.length ? `${result.problems.length} problem(s)` : '',
          result.conflicts.length ? `${result.conflicts.length} conflict(s)` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        const hint = result.conflicts.length ? '; --on-conflict newest keeps the newest copy' : '';
        const unverified = result.problems.some((p) => / (missing|extra|modified) /.test(p))
          ? '; --allow-unverified merges unverified inputs'
          : '';
        throw new InputError(`nothing merged: ${why}${hint}${unverified}`, details);
      }
      const { manifest, plan } = result;
      const inputs = manifest.merged?.inputs.map((i) => i.bundle) ?? [];
      const shared = plan.files.filter((f) => f.alsoIn?.length).length;
      const lines = [
        `merged ${inputs.length} bundle(s) into ${flags.out}: ${result.copied} files (${shared} identical in several inputs, kept once), ${manifest.scopes.length} scope(s), manifest sha256 ${result.manifestSha256}`,
      ];
      for (const m of plan.missing) {
        const noun = vocabularyOf(m.provider).scope;
        lines.push(
          `  shard ${m.index}/${m.count} missing: ${m.scopes.length} ${m.scopes.length === 1 ? noun.one : noun.many} expected, not collected (${m.origin}); listed as not collected`,
        );
      }
      for (const c of plan.conflicts) lines.push(`  ${conflictLine(c, inputs)}`);
      for (const n of plan.notes) lines.push(`  note: ${n}`);
      for (const u of result.unverified) lines.push(`  unverified: ${u}`);
      if (!flags.quiet) ctx.io.out(lines.join('\n'));
      const incomplete = plan.missing.length > 0 || result.unverified.length > 0;
      ctx.exit(flags.strict && incomplete ? exitCodes.incomplete : exitCodes.done);
    });
}
