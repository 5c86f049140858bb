import { vocabularyOf } from '../providers/index.js';
import type { Detection } from '../src/model/detection.js';

export interface Incident {
  detection: Detection;
  /** Commands to run now, in the cloud's own CLI: contain the instance, then cut off its creator. */
  actions: string[];
}

/** The three most urgent active detections, each with its first moves. */
export function incidentsOf(detections: Detection[]): Incident[] {
  const active = detections.filter((d) => d.verdict !== 'benign-explained' && !d.waiver);
  const rank = ['confirmed-mining', 'likely-mining', 'suspicious'];
  return [...active]
    .sort((a, b) => rank.indexOf(a.verdict) - rank.indexOf(b.verdict) || b.score - a.score)
    .slice(0, 3)
    .map((d) => {
      const words = vocabularyOf(d.provider).incident;
      const actions = [`Contain it: ${words.isolate(d.instance.id, d.instance.region)}`];
      if (d.createdBy) actions.push(`Cut off who launched it: ${words.revoke(d.createdBy)}`);
      if (d.destinations.length)
        actions.push(`Block the pool destinations at the egress: ${d.destinations.slice(0, 4).join(', ')}`);
      return { detection: d, actions };
    });
}
