import type { WaiverRef } from '../model/finding.js';
import type { WaiverState } from '../model/findings-document.js';
import { globToRegExp } from '../text/glob.js';
import type { Waiver } from './schema.js';

/** Applies the policy's waivers at a point in time and remembers which ones were used. */
export class WaiverBook {
  private readonly entries: { waiver: Waiver; pattern: RegExp; active: boolean; matched: number }[];

  constructor(waivers: Waiver[], now: Date) {
    this.entries = waivers.map((waiver) => ({
      waiver,
      pattern: globToRegExp(waiver.resource),
      active: endOfDay(waiver.expires) > now.getTime(),
      matched: 0,
    }));
  }

  /** The active waiver for a control and any of the given resource names (id, ARN, name), if one applies. */
  match(control: string, resources: (string | undefined)[]): WaiverRef | undefined {
    for (const entry of this.entries) {
      if (!entry.active || entry.waiver.control !== control) continue;
      if (resources.some((r) => r !== undefined && entry.pattern.test(r))) {
        entry.matched++;
        const { owner, reason, expires } = entry.waiver;
        return { owner, reason, expires };
      }
    }
    return undefined;
  }

  /** Every waiver with its state: active (used), expired (ignored), unused (active but matched nothing). */
  states(): WaiverState[] {
    return this.entries.map(({ waiver, active, matched }) => ({
      ...waiver,
      state: !active ? 'expired' : matched > 0 ? 'active' : 'unused',
      matched,
    }));
  }
}

/** A date-only expiry lasts through that day (UTC). */
function endOfDay(expires: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T23:59:59.999Z`) : Date.parse(expires);
}
