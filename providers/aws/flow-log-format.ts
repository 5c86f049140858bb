/** The fields of the default (version 2) VPC flow log format, in the order a record writes them. */
export const defaultFlowLogFields: readonly string[] = [
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

/** `${version} ${srcaddr} …` (DescribeFlowLogs LogFormat) → field names; an empty or absent format is the default. */
export function flowLogFields(format: string | null | undefined): string[] {
  const fields = [...(format ?? '').matchAll(/\$\{([a-z0-9-]+)\}/g)].map((m) => m[1] as string);
  return fields.length ? fields : [...defaultFlowLogFields];
}
