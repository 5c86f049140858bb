import { cryptoFindingTypes } from '../collect/catalog.js';
import { toCliValue } from '../collect/cli-shape.js';
import type { Output } from '../collect/declaration.js';
import type { LiveIo, LiveLeg, LiveRegion } from './leg.js';

/** GetFindings takes at most 50 ids a call. */
const IDS_PER_CALL = 50;

/**
 * GuardDuty's own crypto findings updated in the window, per detector: ListFindings with the crypto finding types
 * and `updatedAt` in the window, then GetFindings 50 ids a call, written as `aws guardduty get-findings` prints it.
 * A region without a detector is recorded as skipped with the reason.
 */
export const guardDutyLeg: LiveLeg = {
  id: 'guardduty:GetFindings',
  async run(r: LiveRegion, io: LiveIo) {
    await r.posture;
    if (r.detectors === undefined) {
      io.skip(
        'guardduty',
        'ListFindings',
        'ListDetectors failed in this region, so no detector could be asked',
      );
      return;
    }
    if (r.detectors.length === 0) {
      io.skip('guardduty', 'ListFindings', 'no GuardDuty detector in this region');
      return;
    }
    const criteria = {
      Criterion: {
        type: { Equals: [...cryptoFindingTypes] },
        updatedAt: {
          GreaterThanOrEqual: r.window.since.getTime(),
          LessThanOrEqual: r.window.until.getTime(),
        },
      },
    };
    for (const detector of r.detectors) {
      const listed: Record<string, unknown> = { DetectorId: detector, FindingCriteria: criteria };
      const ids: string[] = [];
      try {
        let token: unknown;
        for (;;) {
          const page = await io.send('guardduty', 'ListFindings', {
            ...listed,
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
          });
          ids.push(...((page.FindingIds ?? []) as string[]));
          token = page.NextToken;
          if (!token) break;
        }
      } catch (err) {
        await io.fail('guardduty', 'ListFindings', err, listed, detector);
        continue;
      }
      await io.write('guardduty', 'ListFindings', { FindingIds: ids }, listed, detector);
      const findings: Output[] = [];
      const batches: string[][] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_CALL) batches.push(ids.slice(i, i + IDS_PER_CALL));
      const asked = { DetectorId: detector, batches: batches.length };
      try {
        for (const batch of batches) {
          const page = await io.send('guardduty', 'GetFindings', { DetectorId: detector, FindingIds: batch });
          findings.push(...((page.Findings ?? []) as Output[]));
        }
      } catch (err) {
        await io.fail('guardduty', 'GetFindings', err, asked, detector);
        continue;
      }
      await io.write('guardduty', 'GetFindings', toCliValue({ Findings: findings }), asked, detector);
    }
  },
};
