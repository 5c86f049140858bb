import type { FlowLeg, FlowSource } from '../../../src/detect/pushdown/flow-leg.js';
import { kqlEpochMs } from '../../../src/detect/pushdown/render-kql.js';

/**
 * Traffic analytics' `NTANetAnalytics` rows (VNet flow logs with traffic analytics sending to a Log Analytics
 * workspace) mapped onto the flow leg. Rows are traffic analytics' aggregates (same source, destination, port,
 * direction and rule within its processing interval), without the source port: replies from a pool are matched by
 * address only, and `records` counts aggregates, not flow tuples.
 */
export function ntaFlowSource(leg: FlowLeg): FlowSource {
  const until = new Date(leg.until.getTime() + 86_400_000);
  return {
    table: 'NTANetAnalytics',
    where: [
      // Traffic analytics ingests up to an hour after the flow (and later when backlogged): one more day at the end.
      `TimeGenerated between (since .. ${`datetime(${until.toISOString()})`})`,
      "SubType == 'FlowLog'",
      'isnotempty(SrcIp) and isnotempty(DestIp)',
    ],
    // The local VNet flow-log reader keys interfaces by MAC address (mac:<12 hex>), else by the NIC's ARM id.
    endpoint:
      "iff(isnotempty(MacAddress), strcat('mac:', toupper(replace_regex(MacAddress, '[^0-9A-Fa-f]', ''))), strcat('nic:', tolower(TargetResourceId)))",
    scope: "tolower(extract('/subscriptions/([^/]+)', 1, TargetResourceId))",
    instanceId: "''",
    networkId: "''",
    firstMs: kqlEpochMs('FlowStartTime'),
    lastMs: kqlEpochMs('FlowEndTime'),
    hasFlow: 'true',
    accepted: "FlowStatus == 'Allowed'",
    bytes: 'tolong(BytesSrcToDest) + tolong(BytesDestToSrc)',
    packets: 'tolong(PacketsSrcToDest) + tolong(PacketsDestToSrc)',
    sides: [
      { remote: 'DestIp', port: 'DestPort', when: "FlowDirection == 'Outbound'" },
      { remote: 'SrcIp', port: '0', when: "FlowDirection != 'Outbound'" },
    ],
  };
}
