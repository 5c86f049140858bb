import { toCliValue } from '../collect/cli-shape.js';
import type { Output } from '../collect/declaration.js';
import { lookupEventNames } from './calls.js';
import type { LiveIo, LiveLeg, LiveRegion } from './leg.js';

type Attribute = { AttributeKey: string; AttributeValue: string };

/** Events of one lookup series, every page; `budget` stops early (the series is then incomplete). */
async function series(
  io: LiveIo,
  window: { StartTime: Date; EndTime: Date },
  attribute: Attribute,
  into: Map<string, Output>,
  budget = Number.POSITIVE_INFINITY,
): Promise<{ pages: number; complete: boolean; oldest: number }> {
  let token: unknown;
  let pages = 0;
  let oldest = window.EndTime.getTime();
  for (;;) {
    const page = await io.send('cloudtrail', 'LookupEvents', {
      ...window,
      LookupAttributes: [attribute],
      MaxResults: 50,
      ...(token ? { NextToken: token } : {}),
    });
    pages++;
    for (const e of (page.Events ?? []) as Output[]) {
      const id = String(e.EventId ?? '');
      if (id && !into.has(id)) into.set(id, e);
      const at = e.EventTime instanceof Date ? e.EventTime.getTime() : Date.parse(String(e.EventTime));
      if (Number.isFinite(at) && at < oldest) oldest = at;
    }
    token = page.NextToken;
    if (!token) return { pages, complete: true, oldest };
    if (pages >= budget) return { pages, complete: false, oldest };
  }
}

/** Instance ids a RunInstances or StartInstances event launched or started. */
function launchedBy(e: Output): string[] {
  if (e.EventName !== 'RunInstances' && e.EventName !== 'StartInstances') return [];
  try {
    const record = JSON.parse(String(e.CloudTrailEvent ?? '')) as {
      responseElements?: { instancesSet?: { items?: { instanceId?: string }[] } };
    };
    return (record.responseElements?.instancesSet?.items ?? [])
      .map((i) => i.instanceId)
      .filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

/**
 * CloudTrail event history for the window: launches, capacity requests and logging changes. LookupEvents takes
 * one attribute a call and is paced at 2 calls a second per account and region, so a region's writes are first
 * paged as one series (`ReadOnly=false`, most regions answer in one or two pages); a region with more writes than
 * the named series would cost gets, for the rest of the window, one series per event name instead.
 */
export const lookupEventsLeg: LiveLeg = {
  id: 'cloudtrail:LookupEvents',
  async run(r: LiveRegion, io: LiveIo) {
    const window = { StartTime: r.window.since, EndTime: r.window.until };
    const events = new Map<string, Output>();
    const parameters: Record<string, unknown> = {
      StartTime: r.window.since.toISOString(),
      EndTime: r.window.until.toISOString(),
    };
    try {
      const writes = await series(
        io,
        window,
        { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
        events,
        lookupEventNames.length,
      );
      const done: Record<string, unknown>[] = [
        { AttributeKey: 'ReadOnly', AttributeValue: 'false', pages: writes.pages },
      ];
      if (!writes.complete) {
        // The oldest write read so far bounds the rest; events at that instant are read again and merged by EventId.
        const rest = { StartTime: r.window.since, EndTime: new Date(writes.oldest) };
        parameters.EventNamesUntil = rest.EndTime.toISOString();
        for (const name of lookupEventNames) {
          const one = await series(io, rest, { AttributeKey: 'EventName', AttributeValue: name }, events);
          done.push({ AttributeKey: 'EventName', AttributeValue: name, pages: one.pages });
        }
      }
      parameters.LookupAttributes = done;
    } catch (err) {
      await io.fail('cloudtrail', 'LookupEvents', err, parameters);
      return;
    }
    const time = (e: Output) =>
      e.EventTime instanceof Date ? e.EventTime.getTime() : Date.parse(String(e.EventTime));
    // Newest first, as LookupEvents answers and `aws cloudtrail lookup-events` prints.
    const sorted = [...events.values()].sort(
      (a, b) => time(b) - time(a) || String(a.EventId).localeCompare(String(b.EventId)),
    );
    for (const e of sorted) for (const id of launchedBy(e)) r.launched.add(id);
    await io.write('cloudtrail', 'LookupEvents', { Events: toCliValue(sorted) }, parameters);
  },
};
