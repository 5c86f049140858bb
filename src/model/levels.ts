/** The model's fixed lists, without their schemas: cheap to load for the command line. */

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

export const statuses = ['pass', 'fail', 'unassessed', 'waived', 'not_applicable'] as const;
export type Status = (typeof statuses)[number];

/** The five mitigation priorities of AN0744, in the order the scorecard shows them. */
export const pillars = [
  'logging-retention',
  'creation-governance',
  'egress-control',
  'ownership-change',
  'detection-response',
] as const;
export type Pillar = (typeof pillars)[number];
