import type { MetricAlarm } from '../../../src/model/logging.js';
import type { Workload } from '../../../src/model/workload.js';
import { type AlertPolicy, alertPolicySchema, arrayOf } from '../shapes.js';
import { type GcpContext, readOrGap } from './context.js';
import { lastSegment } from './names.js';

const CPU = /(compute\.googleapis\.com\/instance\/cpu\/utilization|agent\.googleapis\.com\/cpu\/utilization)/;

type Coverage = { all: true } | { match: (w: Workload) => boolean } | { undecided: string };

/** One `key = "value"` clause of a Monitoring filter, as a test on a workload; undefined when it cannot be judged. */
function clause(
  key: string,
  op: string,
  value: string,
  project: string,
): ((w: Workload) => boolean) | undefined {
  const k = key.replace(/\.label\./, '.labels.').replace(/"/g, '');
  const eq = (a: string | undefined) => (op === '=' ? a === value : a !== value);
  if (k === 'resource.type') return () => (value === 'gce_instance' ? op === '=' : op !== '=');
  if (k === 'metric.type') return () => true;
  if (k === 'resource.labels.instance_id') return (w) => eq(w.instanceId);
  if (k === 'metric.labels.instance_name') return (w) => eq(w.name);
  if (k === 'resource.labels.zone') return (w) => eq(w.id.split('/')[3]);
  if (k === 'resource.labels.project_id') return () => eq(project);
  const label = /^metadata\.user_labels\.(.+)$/.exec(k);
  if (label) return (w) => eq(w.tags[label[1] as string]);
  return undefined;
}

/** Which instances a threshold filter selects: every clause must be one rigsight can evaluate, joined by AND. */
export function filterCoverage(filter: string, project: string): Coverage {
  if (/\s(OR|NOT)\s/i.test(` ${filter} `))
    return { undecided: `its filter combines clauses with OR or NOT (${filter})` };
  const tests: ((w: Workload) => boolean)[] = [];
  for (const part of filter.split(/\s+AND\s+/i)) {
    const m = /^\s*([\w."]+)\s*(=|!=)\s*"([^"]*)"\s*$/.exec(part);
    const t = m ? clause(m[1] as string, m[2] as string, m[3] as string, project) : undefined;
    if (!t) return { undecided: `its filter clause \`${part.trim()}\` cannot be evaluated offline` };
    tests.push(t);
  }
  const narrowing = filter.split(/\s+AND\s+/i).filter((p) => !/^\s*(metric|resource)\.type\s*=/.test(p));
  if (narrowing.length === 0) return { all: true };
  return { match: (w) => tests.every((t) => t(w)) };
}

function coverageOf(p: AlertPolicy, project: string): Coverage | undefined {
  const covers: Coverage[] = [];
  for (const c of p.conditions ?? []) {
    const filter = c.conditionThreshold?.filter ?? c.conditionAbsent?.filter;
    const query = c.conditionMonitoringQueryLanguage?.query ?? c.conditionPrometheusQueryLanguage?.query;
    if (filter && CPU.test(filter)) covers.push(filterCoverage(filter, project));
    else if (query && CPU.test(query))
      covers.push(
        /\|\s*filter\b|\{[^}]+\}/.test(query)
          ? { undecided: 'its query narrows the instances in a way rigsight does not evaluate' }
          : { all: true },
      );
  }
  if (covers.length === 0) return undefined;
  if (covers.some((c) => 'all' in c)) return { all: true };
  const matches = covers.filter((c): c is { match: (w: Workload) => boolean } => 'match' in c);
  if (matches.length) return { match: (w) => matches.some((m) => m.match(w)) };
  return covers[0];
}

/**
 * Alert policies on instance CPU. A policy is global to its project; the model judges alarms per region, so each is
 * listed in every region where the project has instances, naming exactly the instances its filter covers.
 */
export function normalizeAlarms(ctx: GcpContext, project: string): void {
  const r = readOrGap(ctx, arrayOf(alertPolicySchema), project, 'monitoring-policies-list');
  if (!r) return;
  const workloads = ctx.inv.workloads.filter((w) => w.scope === project);
  const regions = [...new Set(workloads.map((w) => w.region))];
  r.value.forEach((p, i) => {
    const coverage = coverageOf(p, project);
    if (!coverage) return;
    const enabled =
      typeof p.enabled === 'object' && p.enabled !== null ? (p.enabled.value ?? true) : (p.enabled ?? true);
    const base = {
      provider: 'gcp' as const,
      scope: project,
      id: p.name,
      type: 'monitoring.googleapis.com/AlertPolicy',
      name: p.displayName ?? lastSegment(p.name),
      evidence: [r.ref(`/${i}`)],
      metric: 'cpu' as const,
      anomalyDetection: false,
      notifies: enabled && (p.notificationChannels?.length ?? 0) > 0,
      pointer: `/${i}`,
    };
    for (const region of regions) {
      const alarm: MetricAlarm = {
        ...base,
        region,
        watches: {
          instanceIds:
            'match' in coverage
              ? workloads.filter((w) => w.region === region && coverage.match(w)).map((w) => w.id)
              : [],
          groupNames: [],
          allInstances: 'all' in coverage,
        },
        ...('undecided' in coverage ? { undecided: coverage.undecided } : {}),
      };
      ctx.inv.alarms.push(alarm);
    }
  });
}
