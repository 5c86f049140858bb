import { vocabularyOf } from '../../providers/index.js';
import { gapsFor, listingsFor } from '../model/inventory.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, result } from './results.js';
import { sameRegion } from './scope-regions.js';
import {
  networkSubject,
  networksWithWorkloads,
  unlistedWorkloads,
  unseenOwner,
} from './workload-networks.js';

export const dnsLogging = defineControl({
  id: 'dns-logging',
  title: 'DNS queries from networks with workloads are logged',
  pillar: 'logging-retention',
  severity: 'medium',
  grain: 'network hosting workloads',
  rationale:
    'Miners find pools by name; DNS query logs tie a pool domain to the instance and to the addresses it then connects to. Flow logs do not record lookups.',
  remediation: 'Log the DNS queries of every network that hosts workloads.',
  evaluate(inv) {
    return [
      ...networksWithWorkloads(inv).map(({ network }) => {
        const v = vocabularyOf(network.provider);
        const subject = networkSubject(network);
        // Any scope's association counts: the owner of a shared VPC may be the one that logs it.
        const logs = inv.dnsQueryLogs.filter(
          (d) => sameRegion(d.region, network.region) && d.networkIds.includes(network.id),
        );
        if (logs.length > 0) {
          return result(
            'pass',
            subject,
            `DNS queries from network ${network.id} are logged by ${listNames(logs.map((l) => l.name ?? l.id))}.`,
            [...network.evidence, ...logs.flatMap((l) => l.evidence)],
          );
        }
        const gaps = gapsFor(inv, network.scope, network.region, 'dns-query-logs');
        if (gaps.length > 0) return fromGaps(subject, `DNS query logging of network ${network.id}`, gaps);
        const owner = unseenOwner(inv, network);
        if (owner)
          return result(
            'unassessed',
            subject,
            `Network ${network.id} is shared by ${v.scope.one} ${owner}, whose ${v.dnsLogging} was not collected, so an association made there cannot be seen.`,
            network.evidence,
          );
        return result(
          'fail',
          subject,
          `No ${v.dnsLogging} is associated with network ${network.id}: pool lookups from its instances leave no record.`,
          [...network.evidence, ...listingsFor(inv, network.scope, network.region, 'dns-query-logs')],
        );
      }),
      ...unlistedWorkloads(inv, 'DNS query logging'),
    ];
  },
});
