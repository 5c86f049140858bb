import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, isObj, num, obj, path, pick, str } from '../../../src/detect/json-fields.js';
import {
  child,
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';

/** Finding types that mean mining: CryptoCurrency:*, Impact:*Bitcoin*, CryptoMiner runtime findings. */
export const CRYPTO_TYPE = /^CryptoCurrency:|Bitcoin|CryptoMiner/i;

function readFinding(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const f = obj(raw);
  const type = str(pick(f, 'Type'));
  if (!f || !type) {
    ctx.problem('not a GuardDuty finding (needs Type)', loc.line);
    return;
  }
  if (!CRYPTO_TYPE.test(type)) return;
  const service = obj(pick(f, 'Service'));
  const time = isoMillis(
    str(pick(service, 'EventLastSeen')) ?? str(pick(f, 'UpdatedAt')) ?? str(pick(f, 'CreatedAt')) ?? '',
  );
  const instanceId = str(path(f, 'Resource', 'InstanceDetails', 'InstanceId'));
  const action = obj(pick(service, 'Action'));
  const destinations = [
    str(path(action, 'NetworkConnectionAction', 'RemoteIpDetails', 'IpAddressV4')),
    str(path(action, 'NetworkConnectionAction', 'RemoteIpDetails', 'IpAddressV6')),
    str(path(action, 'DnsRequestAction', 'Domain')),
  ].filter((d): d is string => d !== undefined);
  const port = num(path(action, 'NetworkConnectionAction', 'RemotePortDetails', 'Port'));
  ctx.digest.findings.push({
    provider: 'aws',
    scope: str(pick(f, 'AccountId')) ?? 'unknown',
    time: Number.isFinite(time) ? time : 0,
    type: `GuardDuty ${type}`,
    destinations:
      port && destinations[0] ? [`${destinations[0]}:${port}`, ...destinations.slice(1)] : destinations,
    file: ctx.file,
    pointer: pointerOf(loc),
    ...(instanceId ? { instanceId } : {}),
  });
}

/** GuardDuty findings: `get-findings` output, EventBridge events, or exported finding objects. */
export const guardDutyReader: JsonReader = {
  format: 'guardduty-findings',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"detail-type"\s*:\s*"GuardDuty Finding"/.test(head) ||
    (/"(Findings|findings)"\s*:/.test(head) &&
      /"(Type|type)"\s*:/.test(head) &&
      /"(SchemaVersion|schemaVersion)"\s*:/.test(head)) ||
    (/"schemaVersion"\s*:/.test(head) && /"arn"\s*:\s*"arn:aws[a-z-]*:guardduty:/.test(head)) ||
    // A findings list whose first finding is longer than the head (or cut short): its ARN says what it is.
    /^\s*\{\s*"(Findings|findings)"\s*:\s*\[\s*\{[\s\S]*"(Arn|arn)"\s*:\s*"arn:aws[a-z-]*:guardduty:[^"]*\/finding\//.test(
      head,
    ),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) {
      each(value, loc, [], (v, at) => readFinding(v, at, ctx));
      return;
    }
    const v = obj(value);
    if (isObj(v?.detail)) return readFinding(v.detail, child(loc, 'detail'), ctx);
    const list = pick(v, 'Findings');
    if (Array.isArray(list)) {
      each(arr(list), loc, ['Findings'], (v, at) => readFinding(v, at, ctx));
      return;
    }
    readFinding(value, loc, ctx);
  },
};
