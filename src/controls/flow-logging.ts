import { vocabularyOf } from '../../providers/index.js';
import { gapsFor, type Inventory } from '../model/inventory.js';
import type { FlowLog } from '../model/logging.js';
import type { Network } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, result } from './results.js';
import { sameRegion } from './scope-regions.js';
import {
  networkSubject,
  networksWithWorkloads,
  unlistedWorkloads,
  unseenOwner,
  workloadLabel,
} from './workload-networks.js';

/** Whether a flow log can show egress to a pool: active, accepted traffic, destination address and port. */
export function usefulFlowLog(f: FlowLog, minSampling = 0): boolean {
  return (
    f.active &&
    f.traffic !== 'reject' &&
    f.recordsDestination &&
    !f.filter &&
    (f.sampling === undefined || f.sampling >= minSampling)
  );
}

/** Active flow logs on the network or on any subnet or interface of its workloads, whether or not they see them all. */
export function partialFlowLogs(inv: Inventory, network: Network, workloads: Workload[]): FlowLog[] {
  const targets = new Set([
    network.id,
    ...workloads.flatMap((w) => [w.subnetId, ...w.attachments.flatMap((a) => [a.id, a.subnetId])]),
  ]);
  return inv.flowLogs.filter(
    (f) => f.active && sameRegion(f.region, network.region) && targets.has(f.target.id),
  );
}

/** The useful flow logs that see every interface of the network's workloads; empty when some interface is unseen. */
export function flowLogsCovering(
  inv: Inventory,
  network: Network,
  workloads: Workload[],
  minSampling = 0,
): { logs: FlowLog[]; unseen: Workload[] } {
  // Matched by resource id in any scope: a shared VPC's owner keeps the flow log that sees a participant's instances.
  const here = inv.flowLogs.filter(
    (f) => sameRegion(f.region, network.region) && usefulFlowLog(f, minSampling),
  );
  const onNetwork = here.filter((f) => f.target.kind === 'network' && f.target.id === network.id);
  if (onNetwork.length > 0) return { logs: onNetwork, unseen: [] };
  const used = new Map<string, FlowLog>();
  const unseen: Workload[] = [];
  for (const w of workloads) {
    const attachments = w.attachments.filter((a) => !a.networkId || a.networkId === network.id);
    const targets = attachments.length > 0 ? attachments : [{ id: '', subnetId: w.subnetId }];
    const allSeen = targets.every((a) => {
      const log = here.find(
        (f) =>
          (f.target.kind === 'interface' && f.target.id === a.id) ||
          (f.target.kind === 'subnet' && f.target.id === a.subnetId),
      );
      if (log) used.set(log.id, log);
      return !!log;
    });
    if (!allSeen) unseen.push(w);
  }
  return { logs: unseen.length === 0 ? [...used.values()] : [], unseen };
}

export const flowLogging = defineControl({
  id: 'flow-logging',
  title: 'Egress from every network with workloads is flow-logged',
  pillar: 'logging-retention',
  severity: 'high',
  grain: 'network hosting workloads',
  rationale:
    'Flow logs are the only record of which instance talked to a mining pool; a REJECT-only log or a format without the destination cannot show it.',
  remediation:
    'Log accepted traffic of every network that hosts workloads, in a format that records destination address and port.',
  evaluate(inv, policy) {
    const minSampling = policy.flow.minSampling;
    return [
      ...networksWithWorkloads(inv).map(({ network, workloads }) => {
        const subject = networkSubject(network);
        const name = `${network.id}${network.name ? ` (${network.name})` : ''}`;
        const { logs, unseen } = flowLogsCovering(inv, network, workloads, minSampling);
        if (logs.length > 0) {
          const where = logs.every((l) => l.target.kind === 'network')
            ? 'on the network'
            : 'on every subnet or interface of its workloads';
          return result(
            'pass',
            subject,
            `Network ${name} has flow logs ${where} capturing accepted traffic with destination address and port (${listNames(logs.map((l) => l.id))}).`,
            [...network.evidence, ...logs.flatMap((l) => l.evidence)],
          );
        }
        const gaps = gapsFor(inv, network.scope, network.region, 'flow-logs');
        if (gaps.length > 0) return fromGaps(subject, `flow logging of network ${name}`, gaps);
        const owner = unseenOwner(inv, network);
        if (owner)
          return result(
            'unassessed',
            subject,
            `Network ${name} is shared by ${vocabularyOf(network.provider).scope.one} ${owner}, whose flow logs were not collected, so a flow log kept there cannot be seen.`,
            network.evidence,
          );
        const related = inv.flowLogs.filter(
          (f) =>
            sameRegion(f.region, network.region) &&
            (f.target.id === network.id ||
              workloads.some(
                (w) =>
                  w.attachments.some((a) => a.id === f.target.id || a.subnetId === f.target.id) ||
                  w.subnetId === f.target.id,
              )),
        );
        const flaws = related.map((f) =>
          !f.active
            ? `${f.id} is not active`
            : f.traffic === 'reject'
              ? `${f.id} records rejected traffic only`
              : f.filter
                ? `${f.id} records only flows matching its filter (${f.filter}), which can drop egress to a pool`
                : f.sampling !== undefined && f.sampling < minSampling
                  ? `${f.id} samples ${Math.round(f.sampling * 100)}% of flows, below the ${minSampling} the policy asks (flow.minSampling)`
                  : !f.recordsDestination
                    ? `${f.id} has a format without ${vocabularyOf(f.provider).flowDestinationFields}`
                    : `${f.id} covers only part of the network`,
        );
        const detail = flaws.length ? `: ${flaws.join('; ')}` : ': no flow log at all';
        return result(
          'fail',
          subject,
          `Egress from ${listNames(unseen.map(workloadLabel))} in network ${name} is not flow-logged${detail}.`,
          [...network.evidence, ...related.flatMap((f) => f.evidence), ...unseen.flatMap((w) => w.evidence)],
        );
      }),
      ...unlistedWorkloads(inv, 'flow logging'),
    ];
  },
});
