import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, num, obj, path, str, textOf } from '../../../src/detect/json-fields.js';
import { child, type JsonReader, pointerOf } from '../../../src/detect/reader.js';
import { armId, subscriptionOf } from './arm-ids.js';

/** The `Microsoft.ResourceId` dimension of a series (subscription-scope queries), as an ARM id. */
function resourceOfSeries(series: unknown): string | undefined {
  for (const m of arr(obj(series)?.metadatavalues)) {
    const meta = obj(m);
    if ((textOf(meta?.name) ?? '').toLowerCase() !== 'microsoft.resourceid') continue;
    const value = str(meta?.value);
    if (value && /\/providers\//i.test(value)) return armId(value);
  }
  return undefined;
}

/** Azure Monitor metrics REST response (and `az monitor metrics list`), per resource or per subscription and region: `Percentage CPU` per VM, `CpuUsage` per container group. */
export const monitorMetricsReader: JsonReader = {
  format: 'azure-monitor-metrics',
  provider: 'azure',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"timeseries"\s*:/.test(head) &&
    /"value"\s*:/.test(head) &&
    /"(timespan|interval|namespace)"\s*:/.test(head),
  readValue(value, loc, ctx) {
    const v = obj(value);
    const region = str(v?.resourceregion);
    arr(v?.value).forEach((raw, i) => {
      const at = child(loc, 'value', i);
      const m = obj(raw);
      const id = str(m?.id);
      const name = textOf(m?.name) ?? '';
      const series = arr(m?.timeseries);
      if (!m || !id) {
        ctx.record();
        ctx.problem(`metric at ${pointerOf(at)} has no id`, loc.line);
        return;
      }
      const points = series.reduce<number>((n, s) => n + arr(obj(s)?.data).length, 0);
      ctx.record(points);
      // A container group reports `CpuUsage` in millicores: kept in cores, turned into percent of what it requested.
      const cores = name.toLowerCase() === 'cpuusage';
      if (name.toLowerCase() !== 'percentage cpu' && !cores) return;
      const cut = id.toLowerCase().indexOf('/providers/microsoft.insights/metrics');
      const metricOwner = armId(cut > 0 ? id.slice(0, cut) : id);
      series.forEach((s, j) => {
        // A subscription-scope query splits by resource: each series names its VM in a dimension.
        const instanceId = resourceOfSeries(s) ?? metricOwner;
        const scope = subscriptionOf(instanceId);
        arr(obj(s)?.data).forEach((d, k) => {
          const p = obj(d);
          const time = isoMillis(str(path(p, 'timeStamp')) ?? '');
          const value = num(p?.average) ?? num(p?.maximum);
          if (value === undefined || !Number.isFinite(time)) return;
          ctx.order(`CPU of ${instanceId}`, time, loc.line, 0);
          ctx.cpuPoint(
            'azure',
            instanceId,
            time,
            cores ? value / 1000 : value,
            () => pointerOf(child(at, 'timeseries', j, 'data', k)),
            {
              ...(scope ? { scope } : {}),
              ...(region ? { region } : {}),
              ...(cores ? { unit: 'cores' as const } : {}),
            },
          );
        });
      });
    });
  },
};
