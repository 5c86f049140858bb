/** The AN0744 control ids: a public contract (findings, policies, waivers). Never rename one; src/controls implements each. */
export const controlIds = [
  'audit-logging',
  'audit-retention',
  'flow-logging',
  'flow-retention',
  'metric-logging',
  'dns-logging',
  'creation-permissions',
  'creation-guardrails',
  'egress-restriction',
  'threat-detection',
  'cost-anomaly',
  'ownership-tagging',
] as const;
export type ControlId = (typeof controlIds)[number];
