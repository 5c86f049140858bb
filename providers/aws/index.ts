import { InputError } from '../../src/errors.js';
import { parseCount, parseListOf, parseUrl } from '../../src/text/option-values.js';
import type { ProviderAdapter } from '../adapter.js';
import { awsDetectHooks } from './detect-hooks.js';
import { athenaPushdownOptions } from './pushdown/options.js';
import { awsReaders } from './telemetry/index.js';
import { awsVocabulary } from './vocabulary.js';

const parseAccounts = parseListOf(/^\d{12}$/, '12-digit AWS account ids');
const parseRegions = parseListOf(/^[a-z]{2}(-[a-z]+)+-\d$/, 'AWS region names');

/** AWS behind the provider seam: SDK-loading parts are imported on first use. */
export const awsAdapter: ProviderAdapter = {
  provider: 'aws',
  vocabulary: awsVocabulary,
  present: (bundle) => bundle.paths().some((p) => p.startsWith('aws/')),
  normalize: async (bundle, ctx) => (await import('./normalize/index.js')).normalizeAws(bundle, ctx),
  collect: {
    options: [
      {
        flags: '--profile <name>',
        description: 'AWS shared config profile (default: the SDK default credential chain)',
      },
      {
        flags: '--regions <list>',
        description: 'comma list of regions (default: every region enabled for each account)',
        parse: parseRegions,
      },
      {
        flags: '--org-role <name>',
        description: 'assume this role in every ACTIVE account of the organization',
      },
      { flags: '--external-id <id>', description: 'external id the org role requires' },
      { flags: '--accounts <list>', description: 'only these account ids', parse: parseAccounts },
      { flags: '--exclude-accounts <list>', description: 'skip these account ids', parse: parseAccounts },
      { flags: '--concurrency <n>', description: 'calls in flight at once (default 64)', parse: parseCount },
      {
        flags: '--workers <n>',
        description: 'threads sharing the scopes (default 1; helps only where cores sit idle)',
        parse: parseCount,
      },
      {
        flags: '--endpoint-url <url>',
        description: 'send every call to this URL (LocalStack, a proxy) instead of AWS',
        parse: parseUrl,
      },
      ...athenaPushdownOptions,
      {
        flags: '--athena-region <region>',
        description:
          'with --live and an --athena-* option: the region the flow-log table is queried in (default: the home region)',
      },
    ],
    validate(o) {
      if (o.externalId && !o.orgRole) throw new InputError('--external-id only applies with --org-role');
    },
    liveHistory: { days: 90, what: 'CloudTrail event history (what LookupEvents reads)' },
    async run({ out, options: o, progress, live, intel, shard }) {
      if (Object.keys(o).some((k) => k.startsWith('athena')) && !live)
        throw new InputError(
          'the --athena-* options push the flow leg down in a live run: add --live --since',
        );
      const { collectAws } = await import('./collect/index.js');
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : undefined);
      const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
      const given = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
      return collectAws({
        out,
        progress,
        ...given('profile', str(o.profile)),
        ...given('regions', list(o.regions)),
        ...given('orgRole', str(o.orgRole)),
        ...given('externalId', str(o.externalId)),
        ...given('accounts', list(o.accounts)),
        ...given('excludeAccounts', list(o.excludeAccounts)),
        ...given('concurrency', num(o.concurrency)),
        ...given('workers', num(o.workers)),
        ...given('endpoint', str(o.endpointUrl)),
        ...given('live', live),
        ...given('intel', intel),
        cliOptions: o,
        ...given('shard', shard),
      });
    },
  },
  permissions: {
    options: [
      {
        flags: '--org-role <name>',
        description: "add the caller's right to assume this role in member accounts",
      },
    ],
    committedFile: 'policies/aws-permissions.json',
    async render(o) {
      const { awsPermissionPolicy } = await import('./permissions.js');
      const orgRole = typeof o.orgRole === 'string' ? o.orgRole : undefined;
      return JSON.stringify(awsPermissionPolicy(orgRole ? { orgRole } : {}), null, 2);
    },
  },
  explain: {
    principalHelp: 'user, role, role session or root user ARN',
    actionHelp: 'service:Action, e.g. ec2:RunInstances',
    async run(bundle, request) {
      const { explain, formatExplain } = await import('./iam/explain.js');
      const result = await explain(
        bundle,
        request.principal,
        request.action,
        request.resource ? { resource: request.resource } : {},
      );
      return {
        found: result.found,
        ...(result.problem ? { problem: result.problem } : {}),
        text: formatExplain(result).trimEnd(),
        json: result,
      };
    },
  },
  telemetryReaders: awsReaders,
  liveAudit: (file) => file.service === 'cloudtrail' && file.operation === 'LookupEvents',
  detect: awsDetectHooks,
};
