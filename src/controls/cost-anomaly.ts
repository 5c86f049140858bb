import { vocabularyOf } from '../../providers/index.js';
import { capital } from '../../providers/vocabulary.js';
import { isUnknown } from '../model/evidence.js';
import { gapsFor, listingsFor } from '../model/inventory.js';
import { withArticle } from '../text/article.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, result } from './results.js';
import { sameOrganization, scopeSubject } from './scope-regions.js';

export const costAnomaly = defineControl({
  id: 'cost-anomaly',
  title: 'A spend-anomaly monitor covers the scope and alerts someone',
  pillar: 'detection-response',
  severity: 'medium',
  grain: 'scope',
  rationale:
    'The bill is often the first sign of mining; an anomaly monitor with a subscriber turns that into an alert in hours, not a month.',
  remediation: 'Watch spend for anomalies in every scope and send the alerts to people who act on them.',
  evaluate(inv) {
    return inv.scopes.map((scope) => {
      const v = vocabularyOf(scope.provider);
      const Scope = `${capital(v.scope.one)} ${scope.id}`;
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
          `${Scope} is covered by ${alerting.length > 1 ? v.costMonitor.many : v.costMonitor.one} ${listNames(alerting.map((m) => m.name ?? m.id))} with ${withArticle(v.costAlert)}.`,
          alerting.flatMap((m) => m.evidence),
        );
      }
      const unsure = monitors.filter((m) => isUnknown(m.alerting));
      if (unsure.length > 0) {
        const why = unsure.map((m) => (isUnknown(m.alerting) ? m.alerting.unknown : '')).join('; ');
        return result(
          'unassessed',
          subject,
          `${Scope} is covered by ${v.costMonitor.one} ${listNames(unsure.map((m) => m.name ?? m.id))}, but whether anyone is alerted is unknown: ${why}.`,
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
          `${capital(v.costMonitor.one)} ${listNames(monitors.map((m) => m.name ?? m.id))} covers ${v.scope.one} ${scope.id} but has no ${v.costAlert}: nobody is alerted.`,
          monitors.flatMap((m) => m.evidence),
        );
      }
      const gaps = gapsFor(inv, scope.id, 'global', 'cost-monitors');
      const mgmt =
        scope.organization && !scope.organization.isManagement
          ? scope.organization.managementScope
          : undefined;
      const mgmtGaps = mgmt ? gapsFor(inv, mgmt, 'global', 'cost-monitors') : [];
      const mgmtMissing =
        v.organization.costMonitorsAtManagement &&
        mgmt !== undefined &&
        !inv.scopes.some((s) => s.id === mgmt);
      if (gaps.length > 0)
        return fromGaps(subject, `cost anomaly monitoring of ${v.scope.one} ${scope.id}`, gaps);
      if (mgmtGaps.length > 0)
        return fromGaps(subject, `organization-wide cost anomaly monitoring for ${scope.id}`, mgmtGaps);
      if (mgmtMissing) {
        return result(
          'unassessed',
          subject,
          `No ${v.costMonitor.one} in ${v.scope.one} ${scope.id}, and its ${v.organization.managementScope} ${mgmt} was not collected, where organization-wide monitors live.`,
          scope.evidence,
        );
      }
      return result(
        'fail',
        subject,
        `No ${v.costMonitor.one} covers ${v.scope.one} ${scope.id}: a mining bill would surface only on the invoice.`,
        [...scope.evidence, ...listingsFor(inv, scope.id, 'global', 'cost-monitors')],
      );
    });
  },
});
