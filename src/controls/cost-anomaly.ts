import { isUnknown } from '../model/evidence.js';
import { gapsFor } from '../model/inventory.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, result } from './results.js';
import { sameOrganization, scopeSubject } from './scope-regions.js';

export const costAnomaly = defineControl({
  id: 'cost-anomaly',
  title: 'A spend-anomaly monitor covers the account and alerts someone',
  pillar: 'detection-response',
  severity: 'medium',
  grain: 'account',
  rationale:
    'The bill is often the first sign of mining; an anomaly monitor with a subscriber turns that into an alert in hours, not a month.',
  remediation: 'Watch spend for anomalies in every scope and send the alerts to people who act on them.',
  evaluate(inv) {
    return inv.scopes.map((scope) => {
      const subject = scopeSubject(scope);
      const org = new Set(sameOrganization(inv, scope).map((s) => s.id));
      const monitors = inv.costMonitors.filter(
        (m) =>
          (m.scope === scope.id && m.coverage === 'account') ||
          (m.coverage === 'organization' && org.has(m.scope)) ||
          (m.coverage === 'linked' && m.coveredScopes.includes(scope.id)),
      );
      const alerting = monitors.filter((m) => m.alerting === true);
      if (alerting.length > 0) {
        return result(
          'pass',
          subject,
          `Account ${scope.id} is covered by anomaly monitor${alerting.length > 1 ? 's' : ''} ${listNames(alerting.map((m) => m.name ?? m.id))} with an alert subscription.`,
          alerting.flatMap((m) => m.evidence),
        );
      }
      const unsure = monitors.filter((m) => isUnknown(m.alerting));
      if (unsure.length > 0) {
        const why = unsure.map((m) => (isUnknown(m.alerting) ? m.alerting.unknown : '')).join('; ');
        return result(
          'unassessed',
          subject,
          `Account ${scope.id} is covered by monitor ${listNames(unsure.map((m) => m.name ?? m.id))}, but whether anyone is alerted is unknown: ${why}.`,
          [
            ...unsure.flatMap((m) => m.evidence),
            ...unsure.flatMap((m) => (isUnknown(m.alerting) ? m.alerting.evidence : [])),
          ],
        );
      }
      if (monitors.length > 0) {
        return result(
          'fail',
          subject,
          `Anomaly monitor ${listNames(monitors.map((m) => m.name ?? m.id))} covers account ${scope.id} but has no subscription: nobody is alerted.`,
          monitors.flatMap((m) => m.evidence),
        );
      }
      const gaps = gapsFor(inv, scope.id, 'global', 'cost-monitors');
      const mgmt =
        scope.organization && !scope.organization.isManagement
          ? scope.organization.managementScope
          : undefined;
      const mgmtGaps = mgmt ? gapsFor(inv, mgmt, 'global', 'cost-monitors') : [];
      const mgmtMissing = mgmt !== undefined && !inv.scopes.some((s) => s.id === mgmt);
      if (gaps.length > 0) return fromGaps(subject, `cost anomaly monitoring of account ${scope.id}`, gaps);
      if (mgmtGaps.length > 0)
        return fromGaps(subject, `organization-wide cost anomaly monitoring for ${scope.id}`, mgmtGaps);
      if (mgmtMissing) {
        return result(
          'unassessed',
          subject,
          `No anomaly monitor in account ${scope.id}, and its management account ${mgmt} was not collected, where organization-wide monitors live.`,
          scope.evidence,
        );
      }
      return result(
        'fail',
        subject,
        `No cost anomaly monitor covers account ${scope.id}: a mining bill would surface only on the invoice.`,
        scope.evidence,
      );
    });
  },
});
