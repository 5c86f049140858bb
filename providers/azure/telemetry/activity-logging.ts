import { textOf } from '../../../src/detect/json-fields.js';
import type { ReaderContext } from '../../../src/detect/reader.js';
import type { TamperSignal } from '../../../src/detect/signals.js';
import type { ActivityEvent } from './activity-compute.js';

const NETWORK_TAMPERING = new Set([
  'microsoft.network/networkwatchers/flowlogs/delete',
  'microsoft.network/networkwatchers/delete',
]);

/** A subscription's own diagnostic setting exports the Activity Log; a resource's exports that resource's logs. */
function subscriptionSetting(resourceId: string): boolean {
  return /^\/subscriptions\/[^/]+\/providers\/microsoft\.insights\/diagnosticsettings\/[^/]+$/i.test(
    resourceId,
  );
}

/** Deleting a diagnostic setting or a flow log (T1562.008), or writing a subscription's export back: a gap's end. */
export function loggingChange(ev: ActivityEvent, ctx: ReaderContext): boolean {
  const { e, op, resourceId, scope, time, status, caller, eventId, pointer } = ev;
  const deletesSetting = op.endsWith('/diagnosticsettings/delete') && op.startsWith('microsoft.');
  const writesSetting = op === 'microsoft.insights/diagnosticsettings/write';
  if (!deletesSetting && !writesSetting && !NETWORK_TAMPERING.has(op)) return false;
  if (status.startsWith('fail')) return true;
  // Export of the Activity Log stops with the subscription's setting; a resource's setting carries network logs here.
  const blinds: TamperSignal['blinds'] = subscriptionSetting(resourceId) ? 'creation' : 'network';
  if (writesSetting && blinds !== 'creation') return true;
  const signal: TamperSignal = {
    provider: 'azure',
    scope,
    time,
    action: textOf(e.operationName) ?? op,
    principal: caller,
    blinds,
    file: ctx.file,
    pointer,
    ...(resourceId ? { target: resourceId } : {}),
    ...(eventId ? { eventId: `${eventId}|${op}` } : {}),
  };
  (writesSetting ? ctx.digest.resumed : ctx.digest.tampering).push(signal);
  return true;
}
