import type { CreationSignal, FileDigest } from '../signals.js';
import { MINUTE } from './time-text.js';

/** An attacker's own calls in a region just before the first launch there do not make the region a used one. */
const PREPARATION = 60 * MINUTE;
/** Launches within this long of the first one there are the wave that opened the region; later ones use it. */
const WAVE = 6 * 60 * MINUTE;

/** `East US` and `eastus` are one region. */
function regionKey(region: string): string {
  return region.toLowerCase().replace(/\s+/g, '');
}

export interface NewRegion {
  region: string;
  /** When launches began there. */
  firstLaunch: number;
  /** Regions of the same scope active before that, earliest first, with when each was first active. */
  used: { region: string; first: number }[];
}

/** Per scope and region: when audit logs first show activity, and when launches began (ATT&CK T1535). */
export class RegionActivity {
  private readonly firstActive = new Map<string, Map<string, { region: string; first: number }>>();
  private readonly firstLaunch = new Map<string, number>();

  constructor(digests: FileDigest[], creations: CreationSignal[]) {
    for (const d of digests)
      for (const r of d.auditRegions) {
        const scope = `${r.provider}|${r.scope}`;
        let regions = this.firstActive.get(scope);
        if (!regions) {
          regions = new Map();
          this.firstActive.set(scope, regions);
        }
        const key = regionKey(r.region);
        const cur = regions.get(key);
        if (!cur || r.first < cur.first) regions.set(key, { region: r.region, first: r.first });
      }
    for (const c of creations) {
      if (!c.region) continue;
      const key = `${c.provider}|${c.scope}|${regionKey(c.region)}`;
      const cur = this.firstLaunch.get(key);
      if (cur === undefined || c.time < cur) this.firstLaunch.set(key, c.time);
    }
  }

  /**
   * The launch's region when nothing happened there before launches began (bar the hour before), while other
   * regions of the scope were already active: the audit logs read say the region was unused.
   */
  newRegion(c: CreationSignal): NewRegion | undefined {
    if (!c.region) return undefined;
    const key = regionKey(c.region);
    const firstLaunch = this.firstLaunch.get(`${c.provider}|${c.scope}|${key}`) ?? c.time;
    if (c.time > firstLaunch + WAVE) return undefined;
    const regions = this.firstActive.get(`${c.provider}|${c.scope}`);
    const before = firstLaunch - PREPARATION;
    const here = regions?.get(key);
    if (here && here.first < before) return undefined;
    const used = [...(regions?.entries() ?? [])]
      .filter(([k, r]) => k !== key && r.first < before)
      .map(([, r]) => r)
      .sort((a, b) => a.first - b.first || (a.region < b.region ? -1 : 1));
    return used.length ? { region: c.region, firstLaunch, used } : undefined;
  }
}
