import type { WaiverState } from '../model/findings-document.js';

/** Waivers this close to expiry are listed with their owners, so someone renews or fixes in time. */
export const expiringWithinDays = 14;

/** Whole days from `now` to the end of the waiver's expiry day (a date alone means the whole day, UTC). */
export function waiverDaysLeft(expires: string, now: string): number {
  const end = /^\d{4}-\d{2}-\d{2}$/.test(expires)
    ? Date.parse(`${expires}T23:59:59.999Z`)
    : Date.parse(expires);
  return Number.isNaN(end) ? 0 : Math.floor((end - Date.parse(now)) / 86_400_000);
}

export interface ExpiringWaiver extends WaiverState {
  daysLeft: number;
}

/** Active waivers that expire within 14 days of `now`, soonest first. */
export function expiringWaivers(waivers: readonly WaiverState[], now: string): ExpiringWaiver[] {
  return waivers
    .filter((w) => w.state === 'active')
    .map((w) => ({ ...w, daysLeft: waiverDaysLeft(w.expires, now) }))
    .filter((w) => w.daysLeft >= 0 && w.daysLeft <= expiringWithinDays)
    .sort(
      (a, b) =>
        a.daysLeft - b.daysLeft || a.control.localeCompare(b.control) || a.resource.localeCompare(b.resource),
    );
}
