import { gapsFor } from '../model/inventory.js';
import { defineControl } from './control.js';
import { flowLogsCovering, partialFlowLogs } from './flow-logging.js';
import { fromGaps, result } from './results.js';
import { judgeRetention } from './retention.js';
import { networkSubject, networksWithWorkloads, unlistedWorkloads } from './workload-networks.js';

export const flowRetention = defineControl({
  id: 'flow-retention',
  title: 'Flow logs are kept long enough to investigate',
  pillar: 'logging-retention',
  severity: 'medium',
  grain: 'network hosting workloads',
  rationale:
    'Pool connections found weeks later can only be traced to an instance while the flow records still exist.',
  remediation: 'Keep flow logs for `retention.flowDays` (or longer).',
  evaluate(inv, policy) {
    return [
      ...networksWithWorkloads(inv).map(({ network, workloads }) => {
        const subject = networkSubject(network);
        const covering = flowLogsCovering(inv, network, workloads, policy.flow.minSampling).logs;
        // A flow log that covers only part of the network still keeps records: its retention is judged too.
        const logs = covering.length ? covering : partialFlowLogs(inv, network, workloads);
        if (logs.length === 0) {
          const gaps = gapsFor(inv, network.scope, network.region, 'flow-logs');
          if (gaps.length > 0) return fromGaps(subject, `flow-log retention of network ${network.id}`, gaps);
          return result(
            'not_applicable',
            subject,
            `Network ${network.id} has no flow log, so there is no retention to judge (see flow-logging).`,
            network.evidence,
          );
        }
        // Each covering log must be kept long enough; the weakest decides.
        const verdicts = logs.map((l) => ({
          log: l,
          verdict: judgeRetention(l.destinations, policy.retention.flowDays),
        }));
        const evidence = verdicts.flatMap((v) => [...v.log.evidence, ...v.verdict.evidence]);
        const failing = verdicts.find((v) => v.verdict.status === 'fail');
        if (failing)
          return result(
            'fail',
            subject,
            `Flow log ${failing.log.id} of network ${network.id} is not kept long enough: ${failing.verdict.text}.`,
            evidence,
          );
        const unsure = verdicts.find((v) => v.verdict.status === 'unassessed');
        if (unsure)
          return result(
            'unassessed',
            subject,
            `Cannot judge retention of flow log ${unsure.log.id} of network ${network.id}: ${unsure.verdict.text}.`,
            evidence,
          );
        return result(
          'pass',
          subject,
          `Flow logs of network ${network.id} meet the ${policy.retention.flowDays}-day requirement: ${verdicts.map((v) => `${v.log.id}: ${v.verdict.text}`).join('; ')}.`,
          evidence,
        );
      }),
      ...unlistedWorkloads(inv, 'flow-log retention'),
    ];
  },
});
