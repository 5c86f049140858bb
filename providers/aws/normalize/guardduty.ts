import { getDetector, listDetectors } from '../shapes.js';
import { type AwsContext, readAs, readOrGap } from './context.js';

export function normalizeGuardDuty(ctx: AwsContext, account: string, region: string): void {
  const list = readOrGap(
    ctx,
    'threat-detectors',
    listDetectors,
    account,
    region,
    'guardduty',
    'ListDetectors',
    'GuardDuty detectors (guardduty ListDetectors)',
  );
  if (!list) return;
  list.value.DetectorIds.forEach((id, i) => {
    const read = readAs(ctx, getDetector, account, region, 'guardduty', 'GetDetector', id);
    if (read.kind !== 'ok') {
      // Listed but its state is unknown: a gap, so the region reads unassessed rather than "suspended".
      ctx.inv.gaps.push(
        ctx.files.gap(
          account,
          region,
          'threat-detectors',
          read,
          `GuardDuty detector ${id} (guardduty GetDetector)`,
        ),
      );
      return;
    }
    ctx.inv.threatDetectors.push({
      provider: 'aws',
      scope: account,
      region,
      id,
      type: 'AWS::GuardDuty::Detector',
      arn: `arn:aws:guardduty:${region}:${account}:detector/${id}`,
      evidence: [list.ref(`/DetectorIds/${i}`), read.ref()],
      enabled: read.value.Status.toUpperCase() === 'ENABLED',
      features: (read.value.Features ?? [])
        .filter((f) => f.Name)
        .map((f) => ({ name: f.Name as string, enabled: f.Status === 'ENABLED' })),
    });
  });
}
