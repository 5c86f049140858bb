import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, num, type Obj, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  child,
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { vmKey } from './log-entries.js';

function readSeries(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  const s = obj(raw);
  const points = arr(s?.points);
  ctx.record(points.length);
  const type = str(path(s, 'metric', 'type'));
  if (!s || !type) {
    ctx.problem(`time series at ${pointerOf(loc)} has no metric.type`, loc.line);
    return;
  }
  if (type === 'run.googleapis.com/container/cpu/utilizations') {
    cloudRunCpu(s, points, loc, ctx);
    return;
  }
  if (type !== 'compute.googleapis.com/instance/cpu/utilization') return;
  const instanceId = str(path(s, 'resource', 'labels', 'instance_id'));
  const project = str(path(s, 'resource', 'labels', 'project_id'));
  const zone = str(path(s, 'resource', 'labels', 'zone'));
  const name = str(path(s, 'metric', 'labels', 'instance_name'));
  if (!instanceId) {
    ctx.problem(`CPU series at ${pointerOf(loc)} has no resource.labels.instance_id`, loc.line);
    return;
  }
  if (project && zone && name)
    ctx.digest.bindings.push({
      provider: 'gcp',
      endpoint: vmKey(project, zone, name),
      instanceId,
      scope: project,
    });
  points.forEach((p, i) => {
    const point = obj(p);
    const time = isoMillis(str(path(point, 'interval', 'endTime')) ?? '');
    // utilization is a fraction 0–1: scaled to percent like the other clouds.
    const fraction = num(path(point, 'value', 'doubleValue')) ?? num(path(point, 'value', 'int64Value'));
    if (fraction === undefined || !Number.isFinite(time)) return;
    ctx.order(`CPU of ${instanceId}`, time, loc.line, 0, true);
    ctx.cpuPoint('gcp', instanceId, time, fraction * 100, () => pointerOf(child(loc, 'points', i)), {
      ...(project ? { scope: project } : {}),
      ...(zone ? { region: zone.replace(/-[a-z]$/, '') } : {}),
    });
  });
}

/**
 * Cloud Run job CPU: a distribution of utilization fractions per point (its mean is the job's average), named by
 * the job as its audit entries name it.
 */
function cloudRunCpu(s: Obj, points: unknown[], loc: Loc, ctx: ReaderContext): void {
  if (str(path(s, 'resource', 'type')) !== 'cloud_run_job') return;
  const project = str(path(s, 'resource', 'labels', 'project_id'));
  const location = str(path(s, 'resource', 'labels', 'location'));
  const job = str(path(s, 'resource', 'labels', 'job_name'));
  if (!project || !location || !job) {
    ctx.problem(
      `Cloud Run CPU series at ${pointerOf(loc)} does not name its project, location and job`,
      loc.line,
    );
    return;
  }
  const id = `projects/${project}/locations/${location}/jobs/${job}`;
  points.forEach((p, i) => {
    const point = obj(p);
    const time = isoMillis(str(path(point, 'interval', 'endTime')) ?? '');
    const fraction = num(path(point, 'value', 'distributionValue', 'mean'));
    if (fraction === undefined || !Number.isFinite(time)) return;
    ctx.order(`CPU of ${id}`, time, loc.line, 0, true);
    ctx.cpuPoint('gcp', id, time, fraction * 100, () => pointerOf(child(loc, 'points', i)), {
      scope: project,
      region: location,
    });
  });
}

/** Cloud Monitoring `projects.timeSeries.list` responses (points newest first), arrays or NDJSON of series. */
export const monitoringTimeSeriesReader: JsonReader = {
  format: 'gcp-monitoring-timeseries',
  provider: 'gcp',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"points"\s*:/.test(head) &&
    /"metric"\s*:/.test(head) &&
    /"(timeSeries|metricKind|valueType|resource)"\s*:/.test(head),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) {
      each(value, loc, [], (v, at) => readSeries(v, at, ctx));
      return;
    }
    const list = obj(value)?.timeSeries;
    if (Array.isArray(list)) {
      each(list, loc, ['timeSeries'], (v, at) => readSeries(v, at, ctx));
      return;
    }
    readSeries(value, loc, ctx);
  },
};
