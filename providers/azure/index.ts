import { InputError } from '../../src/errors.js';
import { parseCount, parseListOf } from '../../src/text/option-values.js';
import type { ProviderAdapter } from '../adapter.js';
import { azureDetectHooks } from './detect-hooks.js';
import { logAnalyticsPushdownOptions } from './pushdown/options.js';
import { azureReaders } from './telemetry/index.js';
import { azureVocabulary } from './vocabulary.js';

const parseSubscriptions = parseListOf(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'subscription ids (GUIDs)',
);
const cloudNames = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
function parseCloud(value: string): (typeof cloudNames)[number] {
  const found = cloudNames.find((c) => c.toLowerCase() === value.toLowerCase());
  if (!found) throw new Error(`not an Azure cloud: ${value} (${cloudNames.join(', ')})`);
  return found;
}

/** Azure behind the provider seam: SDK-loading parts are imported on first use. */
export const azureAdapter: ProviderAdapter = {
  provider: 'azure',
  vocabulary: azureVocabulary,
  present: (bundle) => bundle.paths().some((p) => p.startsWith('azure/')),
  normalize: async (bundle, ctx) => (await import('./normalize/index.js')).normalizeAzure(bundle, ctx),
  collect: {
    options: [
      {
        flags: '--subscriptions <list>',
        description:
          'comma list of subscription ids (default: every enabled subscription the caller can read)',
        parse: parseSubscriptions,
      },
      {
        flags: '--management-group <id>',
        description: 'every enabled subscription beneath this management group, nested groups included',
      },
      { flags: '--cloud <name>', description: `Azure cloud (${cloudNames.join(', ')})`, parse: parseCloud },
      { flags: '--concurrency <n>', description: 'calls in flight at once (default 64)', parse: parseCount },
      ...logAnalyticsPushdownOptions,
    ],
    validate(o) {
      if (o.subscriptions && o.managementGroup)
        throw new InputError('give --subscriptions or --management-group, not both');
    },
    async run({ out, options: o, progress, live, intel, shard }) {
      if (o.logAnalyticsWorkspace !== undefined && !live)
        throw new InputError(
          '--log-analytics-workspace pushes the flow leg down in a live run: add --live --since',
        );
      const { collectAzure } = await import('./collect/index.js');
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      return collectAzure({
        out,
        progress,
        ...(Array.isArray(o.subscriptions) ? { subscriptions: o.subscriptions as string[] } : {}),
        ...(str(o.managementGroup) ? { managementGroup: str(o.managementGroup) as string } : {}),
        ...(str(o.cloud) ? { cloud: o.cloud as (typeof cloudNames)[number] } : {}),
        ...(typeof o.concurrency === 'number' ? { concurrency: o.concurrency } : {}),
        ...(live ? { live } : {}),
        ...(live && intel && typeof o.logAnalyticsWorkspace === 'string'
          ? {
              flowPushdown: {
                intel,
                options: {
                  logAnalyticsWorkspace: o.logAnalyticsWorkspace,
                  ...(typeof o.maxScan === 'number' ? { maxScan: o.maxScan } : {}),
                },
              },
            }
          : {}),
        ...(shard ? { shard } : {}),
      });
    },
  },
  permissions: {
    options: [
      {
        flags: '--management-group <id>',
        description: 'the management group the custom role is assignable at',
      },
    ],
    committedFile: 'policies/azure-role.json',
    async render(o) {
      const { azureRole } = await import('./permissions.js');
      const role = azureRole(typeof o.managementGroup === 'string' ? o.managementGroup : undefined);
      // A one-scope list on one line, as the repository's JSON formatter writes it.
      return JSON.stringify(role, null, 2).replace(
        /("AssignableScopes": )\[\n\s+("[^"\n]+")\n\s+\]/,
        '$1[$2]',
      );
    },
  },
  explain: {
    principalHelp: 'Entra object id, user principal name or app id',
    actionHelp: 'Provider/type/operation, e.g. Microsoft.Compute/virtualMachines/write',
    async run(bundle, request) {
      const { explainAzure, formatAzureExplain } = await import('./rbac/explain.js');
      // Chains (a VM's managed identity reached by running code on it) and escalations come from creators[].
      const { loadPolicy } = await import('../../src/policy/load.js');
      const { normalizeAzure } = await import('./normalize/index.js');
      const inventory = await normalizeAzure(bundle, { now: new Date(), policy: loadPolicy().policy });
      const result = explainAzure(
        bundle,
        request.principal,
        request.action,
        request.resource,
        inventory.creators,
      );
      return {
        found: result.found,
        ...(result.problem ? { problem: result.problem } : {}),
        text: formatAzureExplain(result).trimEnd(),
        json: result,
      };
    },
  },
  telemetryReaders: azureReaders,
  liveAudit: (file) => file.path.includes('/monitor-activity-log-list/'),
  detect: azureDetectHooks,
};
