import type { LineReader } from '../../../src/detect/reader.js';
import { canonicalIp } from '../../../src/intel/indicators.js';

/** Version 2 default format: what a flow log without a custom format writes, in this order. */
export const DEFAULT_FIELDS = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
];

const KNOWN_FIELDS = new Set([
  ...DEFAULT_FIELDS,
  'vpc-id',
  'subnet-id',
  'instance-id',
  'tcp-flags',
  'type',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'region',
  'az-id',
  'sublocation-type',
  'sublocation-id',
  'pkt-src-aws-service',
  'pkt-dst-aws-service',
  'flow-direction',
  'traffic-path',
  'ecs-cluster-arn',
  'ecs-cluster-name',
  'ecs-container-instance-arn',
  'ecs-container-instance-id',
  'ecs-container-id',
  'ecs-second-container-id',
  'ecs-service-name',
  'ecs-task-definition-arn',
  'ecs-task-arn',
  'ecs-task-id',
  'reject-reason',
  'resource-id',
  'encryption-status',
]);

function tokens(line: string): string[] {
  const parts = line.split(' ');
  // Files written by AWS use single spaces; hand-edited ones may not.
  return parts.includes('') ? parts.filter((p) => p !== '') : parts;
}

/** A header line: every token is a known field name and the addressing fields are there. */
export function isHeader(line: string): boolean {
  const t = tokens(line.trim());
  return (
    t.length >= 2 &&
    t.every((f) => KNOWN_FIELDS.has(f)) &&
    (t.includes('interface-id') || t.includes('srcaddr'))
  );
}

function isDefaultRecord(line: string): boolean {
  const t = tokens(line.trim());
  return t.length === 14 && t[0] === '2' && /^(eni-|-)/.test(t[2] ?? '') && /^\d+$/.test(t[10] ?? '');
}

const minutes = (n: number) => n * 60_000;

/**
 * VPC Flow Logs text files: the header line names the fields (custom formats reorder and add them);
 * a file without one (CloudWatch Logs export) is read as the version 2 default format.
 */
export const vpcFlowLogsReader: LineReader = {
  format: 'vpc-flow-logs',
  provider: 'aws',
  kind: 'lines',
  phase: 2,
  sniff(head) {
    const first = head.split('\n', 1)[0]?.replace(/\r$/, '') ?? '';
    return isHeader(first) || isDefaultRecord(first);
  },
  open(ctx) {
    let idx: Record<string, number> | undefined;
    let width = 0;
    const use = (fields: string[]) => {
      idx = Object.fromEntries(fields.map((f, i) => [f, i]));
      width = fields.length;
    };
    return {
      line(text, lineNo) {
        if (text === '') return;
        if (!idx) {
          if (isHeader(text)) {
            use(tokens(text.trim()));
            return;
          }
          use(DEFAULT_FIELDS);
        }
        const f = tokens(text);
        const at = idx as Record<string, number>;
        ctx.record();
        if (f.length !== width) {
          ctx.problem(`flow record has ${f.length} fields, the header names ${width}`, lineNo);
          return;
        }
        const get = (name: string): string | undefined => {
          const i = at[name];
          if (i === undefined) return undefined;
          const v = f[i];
          return v === '-' || v === undefined ? undefined : v;
        };
        const eni = get('interface-id');
        // A custom format may leave out start and end: such records have no time (0).
        const start = Number(get('start') ?? 0) * 1000;
        const end = Number(get('end') ?? get('start') ?? 0) * 1000;
        if (!eni || !Number.isFinite(start) || !Number.isFinite(end)) {
          ctx.problem(
            'flow record without interface-id, or with a start or end that is not a number',
            lineNo,
          );
          return;
        }
        if (start) ctx.order('this file', start, lineNo, minutes(20));
        const scope = get('account-id');
        const instanceId = get('instance-id');
        const networkId = get('vpc-id');
        const endpoint = `eni:${eni}`;
        ctx.endpoint('aws', endpoint, start, end, {
          ...(scope ? { scope } : {}),
          ...(instanceId ? { instanceId } : {}),
          ...(networkId ? { networkId } : {}),
        });
        const status = get('log-status');
        if (status === 'NODATA' || status === 'SKIPDATA') return;
        let src = get('srcaddr');
        let dst = get('dstaddr');
        if (!src || !dst) return;
        if (src.includes(':')) src = canonicalIp(src) ?? src;
        if (dst.includes(':')) dst = canonicalIp(dst) ?? dst;
        const srcPort = Number(get('srcport') ?? 0);
        const dstPort = Number(get('dstport') ?? 0);
        const bytes = Number(get('bytes') ?? 0);
        const packets = Number(get('packets') ?? 0);
        const accepted = get('action') !== 'REJECT';
        const pointer = `#L${lineNo}`;
        const extra = { ...(scope ? { scope } : {}), ...(instanceId ? { instanceId } : {}) };
        const direction = get('flow-direction');
        // Egress: the remote end is the destination; ingress replies come from the remote's port.
        if (direction !== 'ingress')
          ctx.flow('aws', endpoint, dst, dstPort, start, end, bytes, packets, accepted, pointer, extra);
        if (direction !== 'egress')
          ctx.flow('aws', endpoint, src, srcPort, start, end, bytes, packets, accepted, pointer, extra);
      },
      end() {},
    };
  },
};
