import { describe, expect, it } from 'vitest';
import {
  assessFiles,
  denied,
  ENI,
  edit,
  errorFile,
  p,
  SUBNET,
  VPC,
  wellRunEstate,
  without,
} from '../../helpers/aws-estate.js';

const flowLogs = p('ec2', 'DescribeFlowLogs');
type FlowLogs = { FlowLogs: Record<string, unknown>[] };
const change = (patch: Record<string, unknown>) =>
  edit<FlowLogs>(wellRunEstate(), flowLogs, (f) => {
    f.FlowLogs[0] = { ...f.FlowLogs[0], ...patch };
  });

describe('flow-logging (network hosting workloads)', () => {
  it('passes a VPC flow log capturing ALL traffic in the default format', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('flow-logging');
    expect(f).toMatchObject({ status: 'pass', resource: { id: VPC, type: 'AWS::EC2::VPC', name: 'main' } });
  });

  it('fails a REJECT-only flow log: it cannot show a connection to a pool', async () => {
    const [f] = (await assessFiles(change({ TrafficType: 'REJECT' }))).of('flow-logging');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/fl-0aaa01 records rejected traffic only/);
  });

  it('fails a custom format without dstaddr and dstport', async () => {
    const [f] = (
      await assessFiles(change({ LogFormat: '${version} ${interface-id} ${srcaddr} ${srcport} ${action}' }))
    ).of('flow-logging');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/format without dstaddr and dstport/);
  });

  it('accepts pkt-dstaddr in a custom format', async () => {
    const [f] = (
      await assessFiles(change({ LogFormat: '${interface-id} ${pkt-dstaddr} ${dstport} ${action}' }))
    ).of('flow-logging');
    expect(f?.status).toBe('pass');
  });

  it('passes when every workload interface has its own flow log', async () => {
    const [f] = (await assessFiles(change({ ResourceId: ENI }))).of('flow-logging');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/every subnet or interface/);
  });

  it('passes when the workload subnet has a flow log', async () => {
    expect((await assessFiles(change({ ResourceId: SUBNET }))).of('flow-logging')[0]?.status).toBe('pass');
  });

  it('fails when the flow log covers another subnet only', async () => {
    const [f] = (await assessFiles(change({ ResourceId: 'subnet-other' }))).of('flow-logging');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/no flow log at all/);
  });

  it('fails when delivery has failed', async () => {
    const [f] = (await assessFiles(change({ DeliverLogsStatus: 'FAILED' }))).of('flow-logging');
    expect(f?.reason).toMatch(/is not active/);
  });

  it('is unassessed when DescribeFlowLogs was denied', async () => {
    const files = without(wellRunEstate(), flowLogs);
    files[errorFile(flowLogs)] = denied('DescribeFlowLogs');
    const [f] = (await assessFiles(files)).of('flow-logging');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/Flow logs \(ec2 DescribeFlowLogs\) could not be read: access was denied/);
  });

  it('is unassessed when DescribeFlowLogs was not collected', async () => {
    const [f] = (await assessFiles(without(wellRunEstate(), flowLogs))).of('flow-logging');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/was not collected/);
  });
});
