import { arr, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { canonicalIp } from '../../../src/intel/indicators.js';

/** One Resolver query log record (also used for records exported through CloudWatch Logs). */
export function readQuery(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const r = obj(raw);
  const name = str(r?.query_name);
  const time = Date.parse(str(r?.query_timestamp) ?? '');
  if (!r || !name || !Number.isFinite(time)) {
    ctx.problem('not a Resolver query log record (needs query_name and query_timestamp)', loc.line);
    return;
  }
  ctx.order('this file', time, loc.line, 10 * 60_000);
  const vpc = str(r.vpc_id);
  if (vpc) ctx.dnsNetwork(`aws:${vpc}`);
  const hit = ctx.intel.matchDomain(name);
  if (!hit) return;
  const answers = arr(r.answers)
    .map((a) => obj(a))
    .filter((a) => a && (a.Type === 'A' || a.Type === 'AAAA'))
    .map((a) => canonicalIp(str(a?.Rdata) ?? ''))
    .filter((ip): ip is string => ip !== undefined);
  const instanceId = str(path(r, 'srcids', 'instance'));
  const srcaddr = str(r.srcaddr);
  const scope = str(r.account_id);
  ctx.digest.dns.push({
    provider: 'aws',
    time,
    query: name,
    indicator: hit.indicator,
    source: hit.source,
    answers,
    file: ctx.file,
    pointer: pointerOf(loc),
    ...(scope ? { scope } : {}),
    ...(instanceId ? { instanceId } : {}),
    ...(!instanceId && vpc && srcaddr ? { endpoint: `ip:${vpc}|${srcaddr}` } : {}),
    ...(vpc ? { networkId: vpc } : {}),
  });
}

/** Route 53 Resolver query logs: one JSON record per line (S3, Firehose) or an array of them. */
export const resolverQueryLogsReader: JsonReader = {
  format: 'route53-resolver-query-logs',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) => /"query_name"\s*:/.test(head) && /"query_timestamp"\s*:/.test(head),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) each(value, loc, [], (v, at) => readQuery(v, at, ctx));
    else readQuery(value, loc, ctx);
  },
};
