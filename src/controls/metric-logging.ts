import { vocabularyOf } from '../../providers/index.js';
import { isUnknown } from '../model/evidence.js';
import { gapsFor, type Inventory, listingsFor } from '../model/inventory.js';
import type { MetricAlarm } from '../model/logging.js';
import type { Workload } from '../model/workload.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, resourceSubject, result } from './results.js';
import { sameRegion } from './scope-regions.js';
import { unlistedWorkloads, workloadLabel } from './workload-networks.js';

/** CPU alarms in the workload's scope and region that watch it by instance, by group, or region-wide. */
export function alarmsWatching(inv: Inventory, w: Workload): MetricAlarm[] {
  return inv.alarms.filter(
    (a) =>
      a.scope === w.scope &&
      sameRegion(a.region, w.region) &&
      a.metric === 'cpu' &&
      (a.watches.allInstances ||
        a.watches.instanceIds.includes(w.id) ||
        (w.group !== undefined && a.watches.groupNames.includes(w.group))),
  );
}

export const metricLogging = defineControl({
  id: 'metric-logging',
  title: 'Instance CPU is measured and watched',
  pillar: 'logging-retention',
  severity: 'medium',
  grain: 'instance',
  rationale:
    'A sustained CPU plateau is the miner’s signature; it has to be collected at a useful resolution and someone has to be told when it appears.',
  remediation:
    'Collect CPU at `metrics.cpuResolutionMinutes` or finer and alert someone on sustained high CPU for every instance.',
  evaluate(inv, policy) {
    const wanted = policy.metrics.cpuResolutionMinutes;
    return [
      ...inv.workloads.map((w) => {
        const subject = resourceSubject(w);
        const name = workloadLabel(w);
        const resolution = w.cpuResolutionMinutes;
        if (isUnknown(resolution)) {
          return result(
            'unassessed',
            subject,
            `Cannot tell the CPU metric resolution of ${name}: ${resolution.unknown}.`,
            [...w.evidence, ...resolution.evidence],
          );
        }
        if (resolution > wanted) {
          return result(
            'fail',
            subject,
            `CPU of ${name} is measured every ${resolution} minutes, coarser than the ${wanted} minutes required.`,
            w.evidence,
          );
        }
        if (!policy.metrics.requireAlarm) {
          return result(
            'pass',
            subject,
            `CPU of ${name} is measured every ${resolution} minute${resolution > 1 ? 's' : ''}; no alarm is required by policy.`,
            w.evidence,
          );
        }
        const alarms = alarmsWatching(inv, w);
        const heard = alarms.filter((a) => a.notifies);
        if (heard.length > 0) {
          const names = heard.map(
            (a) =>
              `${a.name ?? a.id}${a.watches.allInstances ? ' (region-wide aggregate)' : ''}${a.anomalyDetection ? ' (anomaly detection)' : ''}`,
          );
          return result(
            'pass',
            subject,
            `CPU of ${name} is measured every ${resolution} minute${resolution > 1 ? 's' : ''} and watched by ${listNames(names)}.`,
            [...w.evidence, ...heard.flatMap((a) => a.evidence)],
          );
        }
        const gaps = gapsFor(inv, w.scope, w.region, 'alarms');
        if (gaps.length > 0 && alarms.length === 0) return fromGaps(subject, `CPU alarms for ${name}`, gaps);
        const silent = alarms.map((a) => a.name ?? a.id);
        const alarm = vocabularyOf(w.provider).alarm.one;
        // Alert policies whose filter could not be matched to this instance: not counted, but said.
        const undecided = inv.alarms.filter(
          (a) => a.scope === w.scope && a.undecided && !alarms.includes(a) && sameRegion(a.region, w.region),
        );
        const note = undecided.length
          ? `; ${listNames([...new Set(undecided.map((a) => `${a.name ?? a.id} (${a.undecided})`))])} could not be matched to it`
          : '';
        const detail = silent.length
          ? `: ${listNames(silent)} ${silent.length > 1 ? 'have' : 'has'} no enabled action`
          : '';
        return result(
          'fail',
          subject,
          `No ${alarm} that notifies anyone watches the CPU of ${name}${detail}${note}.`,
          [
            ...w.evidence,
            ...alarms.flatMap((a) => a.evidence),
            ...listingsFor(inv, w.scope, w.region, 'alarms'),
          ],
        );
      }),
      ...unlistedWorkloads(inv, 'CPU metrics and alarms'),
    ];
  },
});
