import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, isObj, num, type Obj, obj, path, pick, str } from '../../../src/detect/json-fields.js';
import {
  child,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';

const INSTANCE_ID = /\bi-[0-9a-fA-F]{8,17}\b/;

/** get-metric-* output does not name the instance unless its label does; the file or folder name may. */
export function instanceFromPath(file: string): string | undefined {
  return INSTANCE_ID.exec(file)?.[0];
}

function isCpu(text: string): boolean {
  return /cpu/i.test(text);
}

/** A task's ARN from the metric's cluster and task id (the partition follows from the region). */
function taskArn(region: string, account: string, cluster: string, task: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ecs:${region}:${account}:task/${cluster}/${task}`;
}

/**
 * Container Insights `CpuUtilized` of one task (enhanced observability names it by `TaskId`): CPU units in use,
 * 1024 to a vCPU, kept in cores and turned into percent of what the task reserved when its start is read.
 */
function taskCpu(r: Obj, v: Obj, time: number, at: Loc, ctx: ReaderContext): void {
  const task = str(path(r, 'dimensions', 'TaskId'));
  const cluster = str(path(r, 'dimensions', 'ClusterName'));
  const account = str(r.account_id);
  const region = str(r.region);
  if (!task || !cluster || !account || !region) return; // a cluster or service aggregate: no single task
  const count = num(v.count) ?? 0;
  const sum = num(v.sum);
  const units = count > 0 && sum !== undefined ? sum / count : num(v.max);
  if (units === undefined) return;
  const id = taskArn(region, account, cluster, task);
  ctx.order(`CPU of ${id}`, time, at.line, 10 * 60_000);
  ctx.cpuPoint('aws', id, time, units / 1024, () => pointerOf(at), { scope: account, region, unit: 'cores' });
}

/** CloudWatch Metric Streams, JSON output format: one record per line (`value` is {max, min, sum, count}). */
export const metricStreamsReader: JsonReader = {
  format: 'cloudwatch-metric-streams',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"metric_name"\s*:/.test(head) && /"namespace"\s*:/.test(head) && /"timestamp"\s*:/.test(head),
  readValue(value, loc, ctx) {
    const records = Array.isArray(value) ? value : [value];
    records.forEach((raw, i) => {
      const at = Array.isArray(value) ? child(loc, i) : loc;
      ctx.record();
      const r = obj(raw);
      const time = num(r?.timestamp);
      const v = obj(r?.value);
      if (!r || time === undefined || !v || !str(r.metric_name)) {
        ctx.problem('not a metric stream record (needs metric_name, timestamp, value)', at.line);
        return;
      }
      if (r.namespace === 'ECS/ContainerInsights' && r.metric_name === 'CpuUtilized') {
        taskCpu(r, v, time, at, ctx);
        return;
      }
      if (r.namespace !== 'AWS/EC2' || r.metric_name !== 'CPUUtilization') return;
      const instanceId = str(path(r, 'dimensions', 'InstanceId'));
      if (!instanceId) return; // aggregated over an Auto Scaling group or the account: no single instance
      const count = num(v.count) ?? 0;
      const sum = num(v.sum);
      const percent = count > 0 && sum !== undefined ? sum / count : num(v.max);
      if (percent === undefined) return;
      ctx.order(`CPU of ${instanceId}`, time, at.line, 10 * 60_000);
      const scope = str(r.account_id);
      const region = str(r.region);
      ctx.cpuPoint('aws', instanceId, time, percent, () => pointerOf(at), {
        ...(scope ? { scope } : {}),
        ...(region ? { region } : {}),
      });
    });
  },
};

/** One entry of MetricDataResults: a CPU series when its label, id or file name says so. */
function readMetricDataResult(raw: unknown, at: Loc, line: number | undefined, ctx: ReaderContext): void {
  const r = obj(raw);
  const label = `${str(pick(r, 'Label')) ?? ''} ${str(pick(r, 'Id')) ?? ''}`;
  const stamps = arr(pick(r, 'Timestamps'));
  const values = arr(pick(r, 'Values'));
  ctx.record(stamps.length);
  if (!r || stamps.length !== values.length) {
    ctx.problem(
      `metric result at ${pointerOf(at)} has ${stamps.length} timestamps and ${values.length} values`,
      line,
    );
    return;
  }
  // Ids may only hold [a-z0-9_], so an instance id appears there as i_0abc….
  const instanceId =
    INSTANCE_ID.exec(label)?.[0] ??
    /\bi_([0-9a-f]{8,17})\b/.exec(label)?.[1]?.replace(/^/, 'i-') ??
    instanceFromPath(ctx.file);
  if (!isCpu(`${label} ${ctx.file}`)) return;
  if (!instanceId) {
    ctx.problem(
      `cannot tell which instance the CPU series at ${pointerOf(at)} belongs to (name it in Label or the file name)`,
      line,
    );
    return;
  }
  const series = ctx.cpuSeries('aws', instanceId, () => pointerOf(child(at, 'Values', 0)));
  // Results of one call share their timestamps: a stamp equal to the previous result's is not parsed again.
  const prev = lastStamps;
  const prevTimes = lastTimes;
  const times = new Array<number>(stamps.length);
  for (let j = 0; j < stamps.length; j++) {
    const stamp = stamps[j];
    const time = stamp === prev[j] ? (prevTimes[j] as number) : isoMillis(String(stamp));
    times[j] = time;
    const v = values[j];
    if (typeof v !== 'number' || !Number.isFinite(time)) continue;
    series.times.push(time);
    series.values.push(v);
  }
  lastStamps = stamps;
  lastTimes = times;
}

let lastStamps: unknown[] = [];
let lastTimes: number[] = [];

/** `aws cloudwatch get-metric-data` output: Timestamps and Values per query, newest first by default. */
export const getMetricDataReader: JsonReader = {
  format: 'cloudwatch-get-metric-data',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) => /"MetricDataResults"\s*:/.test(head),
  readValue(value, loc, ctx) {
    arr(pick(obj(value), 'MetricDataResults')).forEach((raw, i) => {
      readMetricDataResult(raw, child(loc, 'MetricDataResults', i), loc.line, ctx);
    });
  },
  // One result (up to 100,800 points) at a time instead of the whole response.
  elements: {
    key: 'MetricDataResults',
    topArray: false,
    element(buf, start, end, at, ctx) {
      readMetricDataResult(JSON.parse(buf.toString('utf8', start, end)), at(), undefined, ctx);
    },
  },
};

/** `aws cloudwatch get-metric-statistics` output (Datapoints, in no particular order). */
export const getMetricStatisticsReader: JsonReader = {
  format: 'cloudwatch-get-metric-statistics',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) => /"Datapoints"\s*:/.test(head),
  readValue(value, loc, ctx) {
    const v = obj(value);
    const points = arr(pick(v, 'Datapoints'));
    ctx.record(points.length);
    const label = str(pick(v, 'Label')) ?? '';
    if (!isObj(v) || !isCpu(`${label} ${ctx.file}`)) return;
    const instanceId = INSTANCE_ID.exec(label)?.[0] ?? instanceFromPath(ctx.file);
    if (!instanceId) {
      ctx.problem(
        'cannot tell which instance this CPU series belongs to: name the file or its folder after the instance id',
      );
      return;
    }
    points.forEach((raw, i) => {
      const p = obj(raw);
      const time = isoMillis(String(pick(p, 'Timestamp')));
      const percent = num(pick(p, 'Average')) ?? num(pick(p, 'Maximum'));
      if (percent === undefined || !Number.isFinite(time)) {
        ctx.problem(`datapoint ${i} has no Timestamp or Average/Maximum`, loc.line);
        return;
      }
      ctx.cpuPoint('aws', instanceId, time, percent, () => pointerOf(child(loc, 'Datapoints', i)));
    });
  },
};
