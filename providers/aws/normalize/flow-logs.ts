import type { FlowLog, LogDestination } from '../../../src/model/logging.js';
import { flowLogFields } from '../flow-log-format.js';
import { describeFlowLogs } from '../shapes.js';
import { type AwsContext, readOrGap } from './context.js';
import { flowLogKeys } from './log-object-keys.js';
import type { RetentionLookup } from './retention.js';

export function normalizeFlowLogs(
  ctx: AwsContext,
  retention: RetentionLookup,
  account: string,
  region: string,
): void {
  const read = readOrGap(
    ctx,
    'flow-logs',
    describeFlowLogs,
    account,
    region,
    'ec2',
    'DescribeFlowLogs',
    'Flow logs (ec2 DescribeFlowLogs)',
  );
  if (!read) return;
  read.value.FlowLogs.forEach((f, i) => {
    const kind = f.ResourceId.startsWith('vpc-')
      ? 'network'
      : f.ResourceId.startsWith('subnet-')
        ? 'subnet'
        : f.ResourceId.startsWith('eni-')
          ? 'interface'
          : undefined;
    if (!kind) return; // Transit gateway flow logs do not see instance interfaces.
    const fields = flowLogFields(f.LogFormat);
    // Records to a pool need the destination: dstaddr (or pkt-dstaddr behind NAT) and dstport.
    const recordsDestination =
      (fields.includes('dstaddr') || fields.includes('pkt-dstaddr')) && fields.includes('dstport');
    const destinations: LogDestination[] = [];
    const type = (f.LogDestinationType ?? (f.LogGroupName ? 'cloud-watch-logs' : 's3')).toLowerCase();
    if (type === 'cloud-watch-logs') {
      destinations.push(
        f.LogDestination?.includes(':logs:')
          ? retention.fromLogGroupArn(f.LogDestination)
          : retention.logGroup(account, region, f.LogGroupName ?? ''),
      );
    } else if (f.LogDestination) {
      const hive = f.DestinationOptions?.HiveCompatiblePartitions === true;
      destinations.push(
        retention.fromArn(f.LogDestination, (prefix) => flowLogKeys(prefix, account, region, hive)),
      );
    }
    const log: FlowLog = {
      provider: 'aws',
      scope: account,
      region,
      id: f.FlowLogId,
      type: 'AWS::EC2::FlowLog',
      evidence: [read.ref(`/FlowLogs/${i}`)],
      target: { kind, id: f.ResourceId },
      traffic:
        (f.TrafficType ?? 'ALL').toUpperCase() === 'REJECT'
          ? 'reject'
          : (f.TrafficType ?? 'ALL').toUpperCase() === 'ACCEPT'
            ? 'accept'
            : 'all',
      fields,
      recordsDestination,
      active: (f.FlowLogStatus ?? 'ACTIVE') === 'ACTIVE' && f.DeliverLogsStatus !== 'FAILED',
      destinations,
    };
    ctx.inv.flowLogs.push(log);
  });
}
