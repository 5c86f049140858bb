import { guardDutyLeg } from './guardduty.js';
import type { LiveIo, LiveLeg, LiveRegion } from './leg.js';
import { lookupEventsLeg } from './lookup-events.js';
import { metricDataLeg } from './metric-data.js';

export { eventHistoryDays, liveCalls, lookupEventNames } from './calls.js';
export type { LiveInstance, LiveIo, LiveLeg, LiveRegion } from './leg.js';

/**
 * The live legs run per account and region. A leg starts once those it comes `after` have finished there; the
 * others run side by side. The flow push-down leg joins this list (see docs/live-detection.md).
 */
export const awsLiveLegs: readonly LiveLeg[] = [lookupEventsLeg, metricDataLeg, guardDutyLeg];

/** Runs the legs for one account and region; each leg records its own failed calls (a throw is a bug). */
export async function runLiveRegion(
  region: LiveRegion,
  io: LiveIo,
  legs: readonly LiveLeg[] = awsLiveLegs,
): Promise<void> {
  const started = new Map<string, Promise<void>>();
  const start = (leg: LiveLeg): Promise<void> => {
    let run = started.get(leg.id);
    if (!run) {
      const before = (leg.after ?? [])
        .map((id) => legs.find((l) => l.id === id))
        .filter((l): l is LiveLeg => l !== undefined)
        .map(start);
      run = Promise.all(before).then(() => leg.run(region, io));
      started.set(leg.id, run);
    }
    return run;
  };
  await Promise.all(legs.map(start));
}
