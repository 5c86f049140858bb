import { vocabularyOf } from '../../providers/index.js';
import { gapsFor, listingsFor } from '../model/inventory.js';
import { defineControl } from './control.js';
import { fromGaps, result } from './results.js';
import { enabledRegions, placeText, regionSubject, sameRegion } from './scope-regions.js';

export const threatDetection = defineControl({
  id: 'threat-detection',
  title: 'Managed threat detection is on in every enabled region',
  pillar: 'detection-response',
  severity: 'high',
  grain: 'scope × region',
  rationale:
    'Managed threat detectors flag pool traffic, miners inside VMs and credential misuse; a region without one is where a miner would run unseen.',
  remediation:
    "Enable the cloud's managed threat detector for every scope (and region where it is regional).",
  evaluate(inv) {
    return enabledRegions(inv).map(({ scope, region }) => {
      const subject = regionSubject(scope, region);
      const v = vocabularyOf(scope.provider);
      const where = placeText(scope, region);
      const detectors = inv.threatDetectors.filter(
        (d) => d.scope === scope.id && sameRegion(d.region, region),
      );
      const on = detectors.find((d) => d.enabled);
      if (on) {
        const features = on.features.filter((f) => f.enabled).map((f) => f.name);
        const extra = features.length ? ` with ${features.join(', ')}` : '';
        return result(
          'pass',
          subject,
          `${v.threatDetector} (${on.id}) is enabled in ${where}${extra}.`,
          on.evidence,
        );
      }
      const gaps = gapsFor(inv, scope.id, region, 'threat-detectors');
      if (gaps.length > 0) return fromGaps(subject, `threat detection in ${where}`, gaps);
      const off = detectors[0];
      const why = off
        ? `${v.threatDetector} (${off.id}) is ${v.detectorOff}${off.note ? `; ${off.note}` : ''}`
        : `no ${v.threatDetector} detector exists`;
      return result(
        'fail',
        subject,
        region === 'global'
          ? `Threat detection is off in ${where}: ${why}.`
          : `Threat detection is off in ${region} of ${v.scope.one} ${scope.id}: ${why}.`,
        [...detectors.flatMap((d) => d.evidence), ...listingsFor(inv, scope.id, region, 'threat-detectors')],
      );
    });
  },
});
