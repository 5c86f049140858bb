import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { registerEvidenceMerge } from './evidence-merge.js';

export function registerEvidence(program: Command, ctx: CommandContext): void {
  const evidence = program.command('evidence').description('work with evidence bundles');
  evidence
    .command('verify')
    .description('check every file of a bundle against its manifest; exit 1 on any difference')
    .argument('<bundle>', 'bundle folder or .tar.gz')
    .action(async (path: string) => {
      const { EvidenceBundle } = await import('../../evidence/bundle.js');
      const { verifyBundle } = await import('../../evidence/verify.js');
      const bundle = await EvidenceBundle.open(path).catch((err: NodeJS.ErrnoException) => {
        throw new InputError(`${path}: cannot open the evidence bundle (${err.code ?? err.message})`);
      });
      const v = verifyBundle(bundle);
      for (const p of v.missing) ctx.io.out(`missing   ${p}`);
      for (const p of v.extra) ctx.io.out(`extra     ${p}`);
      for (const m of v.modified)
        ctx.io.out(
          `modified  ${m.path} (manifest ${m.expected.slice(0, 12)}…, file ${m.actual.slice(0, 12)}…)`,
        );
      for (const p of v.problems) ctx.io.out(`problem   ${p}`);
      if (v.ok) {
        ctx.io.out(
          `verified  ${bundle.paths().length} files match manifest.json (sha256 ${bundle.manifestSha256})`,
        );
        ctx.exit(exitCodes.done);
      } else {
        ctx.io.out(
          `NOT VERIFIED: ${v.missing.length} missing, ${v.extra.length} extra, ${v.modified.length} modified, ${v.problems.length} other problem(s)`,
        );
        ctx.exit(exitCodes.gate);
      }
    });
  registerEvidenceMerge(evidence, ctx);
}
