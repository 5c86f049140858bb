import { InputError } from '../../src/errors.js';
import { parseCount, parseListOf, parseUrl } from '../../src/text/option-values.js';
import type { ProviderAdapter } from '../adapter.js';
import { gcpDetectHooks } from './detect-hooks.js';
import { bigQueryPushdownOptions } from './pushdown/options.js';
import { gcpReaders } from './telemetry/index.js';
import { gcpVocabulary } from './vocabulary.js';

const parseProjects = parseListOf(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'GCP project ids');
const parseNumericId = (what: string) => (value: string) => {
  const id = value.replace(/^(folders|organizations)\//, '');
  if (!/^\d{1,20}$/.test(id)) throw new Error(`not a ${what} id (digits, e.g. 123456789012)`);
  return id;
};

/** Google Cloud behind the provider seam: SDK-loading parts are imported on first use. */
export const gcpAdapter: ProviderAdapter = {
  provider: 'gcp',
  vocabulary: gcpVocabulary,
  present: (bundle) => bundle.paths().some((p) => p.startsWith('gcp/')),
  normalize: async (bundle, ctx) => (await import('./normalize/index.js')).normalizeGcp(bundle, ctx),
  collect: {
    options: [
      { flags: '--projects <list>', description: 'comma list of project ids', parse: parseProjects },
      {
        flags: '--folder <id>',
        description: 'every ACTIVE project beneath this folder, nested folders included',
        parse: parseNumericId('folder'),
      },
      {
        flags: '--organization <id>',
        description: 'every ACTIVE project of this organization',
        parse: parseNumericId('organization'),
      },
      { flags: '--concurrency <n>', description: 'calls in flight at once (default 64)', parse: parseCount },
      {
        flags: '--gcp-endpoint <url>',
        description:
          'send every Google API call to this base URL (default: RIGSIGHT_GCP_ENDPOINT, else Google)',
        parse: parseUrl,
      },
      ...bigQueryPushdownOptions,
    ],
    validate(o) {
      const given = [o.projects, o.folder, o.organization].filter((v) => v !== undefined).length;
      if (given !== 1)
        throw new InputError('say which projects to collect: one of --projects, --folder or --organization');
    },
    async run({ out, options: o, progress, live, intel, shard }) {
      if (o.bigqueryTable !== undefined && !live)
        throw new InputError('--bigquery-table pushes the flow leg down in a live run: add --live --since');
      const { collectGcp } = await import('./collect/engine.js');
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const given = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
      return collectGcp({
        out,
        progress,
        ...given('projects', Array.isArray(o.projects) ? (o.projects as string[]) : undefined),
        ...given('folder', str(o.folder)),
        ...given('organization', str(o.organization)),
        ...given('concurrency', typeof o.concurrency === 'number' ? o.concurrency : undefined),
        ...given('endpoint', str(o.gcpEndpoint)),
        ...given('live', live),
        ...(live && intel && typeof o.bigqueryTable === 'string'
          ? {
              flowPushdown: {
                intel,
                options: {
                  bigqueryTable: o.bigqueryTable,
                  ...given('bigqueryLocation', str(o.bigqueryLocation)),
                  ...given('maxScan', typeof o.maxScan === 'number' ? o.maxScan : undefined),
                },
              },
            }
          : {}),
        ...given('shard', shard),
      });
    },
  },
  permissions: {
    options: [],
    committedFile: 'policies/gcp-role.yaml',
    async render() {
      return (await import('./permissions.js')).renderGcpRole();
    },
  },
  explain: {
    principalHelp: 'IAM member (user:…, serviceAccount:…, group:…) or email',
    actionHelp: 'IAM permission, e.g. compute.instances.create',
    async run(bundle, request) {
      const { explainGcp, formatGcpExplanation } = await import('./iam/explain.js');
      const result = explainGcp(bundle, request.principal, request.action, request.resource);
      return {
        found: result.found,
        ...(result.problem ? { problem: result.problem } : {}),
        text: formatGcpExplanation(result).trimEnd(),
        json: result,
      };
    },
  },
  telemetryReaders: gcpReaders,
  liveAudit: (file) => file.path.endsWith('/logging-read.json'),
  detect: gcpDetectHooks,
};
