import { join } from 'node:path';
import type { Command } from 'commander';
import type { Shard } from '../../collect/shard.js';
import { InputError } from '../../errors.js';
import { demoDir } from '../../package-info.js';
import type { CommandContext } from '../command-context.js';
import { prepareOutFolder } from '../output-path.js';
import { type AssessFlags, reportOptions, runAssess } from './assess.js';
import { type CollectFlags, collectOptions, describeCollection, runCollect } from './collect.js';
import { bundleTelemetry, liveBundleFolder, runDetect } from './detect.js';
import { openRunHistory } from './history.js';

interface AuditFlags
  extends Omit<AssessFlags, 'evidence'>,
    Omit<CollectFlags, 'provider' | 'quiet' | 'strict'> {
  demo?: boolean;
  evidence?: string;
  provider?: string;
  shard?: Shard;
  bundle?: string;
  telemetry?: string;
  failOnDetection?: boolean;
}

export function registerAudit(program: Command, ctx: CommandContext): void {
  collectOptions(
    reportOptions(
      program
        .command('audit')
        .description('collect (or take) evidence, assess it and write the report in one go')
        .option('--demo', 'use the bundled demo estate (its accounts, their logs and its policy)')
        .option('--evidence <bundle>', 'assess this bundle instead of collecting'),
    ),
  )
    .option('--bundle <dir>', 'where live collection writes the bundle (default: <out>/bundle-<UTC time>)')
    .option('--allow-unverified', 'assess a bundle whose manifest does not match its files')
    .option('--telemetry <dir>', 'also run detection over these native log files')
    .option('--fail-on-detection', 'exit 1 when a detection is not benign and not waived')
    .action(async (flags: AuditFlags) => {
      const sources = [flags.demo, flags.evidence, flags.provider].filter(Boolean).length;
      if (!flags.provider && (flags.live || flags.since || flags.until))
        throw new InputError('--live, --since and --until need --provider CLOUD (live collection)');
      if (sources > 1)
        throw new InputError('audit takes one of --demo, --evidence BUNDLE or --provider CLOUD');
      let evidence = flags.demo ? join(demoDir, 'bundle') : flags.evidence;
      prepareOutFolder(flags.out, [evidence, flags.telemetry, flags.demo ? demoDir : undefined]);
      if (flags.provider) {
        // Check the history store before a long collection, not after it.
        await (await openRunHistory(flags))?.close();
        // A new folder per run: scheduled audits keep every bundle they assessed.
        const bundle = liveBundleFolder(flags.out, flags.bundle);
        const summary = await runCollect({ ...flags, provider: flags.provider }, bundle, ctx);
        if (!flags.quiet) ctx.io.out(describeCollection(summary, flags.provider, flags.shard));
        evidence = bundle;
      }
      if (!evidence)
        throw new InputError('audit needs --provider CLOUD (live collection), --evidence BUNDLE or --demo');
      // The demo estate comes with the policy its owners wrote (approved creators, waivers).
      const policy = flags.policy ?? (flags.demo ? join(demoDir, 'policy.yaml') : undefined);
      // The demo estate also ships native logs of the incident it contains; a live bundle carries its own.
      const telemetry =
        flags.telemetry ?? (flags.demo ? join(demoDir, 'telemetry') : bundleTelemetry(evidence));
      if (telemetry) {
        await runDetect({ ...flags, telemetry, evidence, ...(policy ? { policy } : {}) }, ctx, true);
        return;
      }
      await runAssess({ ...flags, evidence, ...(policy ? { policy } : {}) }, ctx);
    });
}
