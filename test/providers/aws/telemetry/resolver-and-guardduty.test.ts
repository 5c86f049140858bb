import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const policy = loadPolicy();
function file(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'rigsight-aws-')), name);
  writeFileSync(f, text);
  return f;
}

// The documented example record (Route 53 Developer Guide, "Resolver query log example").
const docExample = {
  srcaddr: '4.5.64.102',
  vpc_id: 'vpc-7example',
  answers: [{ Rdata: '203.0.113.9', Type: 'PTR', Class: 'IN' }],
  firewall_rule_group_id: 'rslvr-frg-01234567890abcdef',
  firewall_rule_action: 'BLOCK',
  query_name: '15.3.4.32.in-addr.arpa.',
  firewall_domain_list_id: 'rslvr-fdl-01234567890abcdef',
  query_class: 'IN',
  srcids: { instance: 'i-0d15cd0d3example' },
  rcode: 'NOERROR',
  query_type: 'PTR',
  transport: 'UDP',
  version: '1.100000',
  account_id: '111122223333',
  srcport: '56067',
  query_timestamp: '2021-02-04T17:51:55Z',
  region: 'us-east-1',
};

describe('Route 53 Resolver query logs', () => {
  it('reads the documented record: its VPC has DNS logging, and a reverse lookup is no pool', async () => {
    const d = await digestFile(file('q.log', `${JSON.stringify(docExample)}\n`), policy);
    expect(d).toMatchObject({
      format: 'route53-resolver-query-logs',
      records: 1,
      problemCount: 0,
      dns: [],
      dnsNetworks: ['aws:vpc-7example'],
    });
  });

  it('keeps a pool-domain lookup with the instance that asked and the addresses it got', async () => {
    const q = {
      ...docExample,
      query_name: 'pool.supportxmr.com.',
      query_type: 'A',
      answers: [
        { Rdata: '198.51.100.77', Type: 'A', Class: 'IN' },
        { Rdata: 'pool.supportxmr.com.', Type: 'CNAME', Class: 'IN' },
      ],
    };
    const d = await digestFile(
      file('q.log', `${JSON.stringify(docExample)}\n${JSON.stringify(q)}\n`),
      policy,
    );
    expect(d?.dns).toEqual([
      expect.objectContaining({
        instanceId: 'i-0d15cd0d3example',
        indicator: 'pool.supportxmr.com',
        answers: ['198.51.100.77'],
        pointer: '#L2',
      }),
    ]);
  });
});

describe('GuardDuty findings', () => {
  it('takes crypto findings from get-findings output as network evidence for the instance', async () => {
    const finding = (type: string) => ({
      AccountId: '111122223333',
      Arn: 'arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/1ab2',
      CreatedAt: '2026-11-20T10:20:00.000Z',
      Id: '1ab2',
      Partition: 'aws',
      Region: 'us-east-1',
      Resource: {
        InstanceDetails: { InstanceId: 'i-0a11ce000000000a1', InstanceType: 'c5.4xlarge' },
        ResourceType: 'Instance',
      },
      SchemaVersion: '2.0',
      Service: {
        Action: {
          ActionType: 'NETWORK_CONNECTION',
          NetworkConnectionAction: {
            ConnectionDirection: 'OUTBOUND',
            RemoteIpDetails: { IpAddressV4: '107.191.47.239' },
            RemotePortDetails: { Port: 3333, PortName: 'Unknown' },
            Protocol: 'TCP',
            Blocked: false,
          },
        },
        Count: 12,
        DetectorId: '12abc34d567e8fa901bc2d34e56789f0',
        EventFirstSeen: '2026-11-20T10:10:00.000Z',
        EventLastSeen: '2026-11-20T11:10:00.000Z',
        ServiceName: 'guardduty',
      },
      Severity: 8,
      Title: 'EC2 instance is querying a domain name that is associated with Bitcoin-related activity.',
      Type: type,
      UpdatedAt: '2026-11-20T11:10:00.000Z',
    });
    const d = await digestFile(
      file(
        'findings.json',
        JSON.stringify(
          {
            Findings: [
              finding('CryptoCurrency:EC2/BitcoinTool.B'),
              finding('Recon:EC2/PortProbeUnprotectedPort'),
            ],
          },
          null,
          2,
        ),
      ),
      policy,
    );
    expect(d).toMatchObject({ format: 'guardduty-findings', records: 2 });
    expect(d?.findings).toEqual([
      expect.objectContaining({
        instanceId: 'i-0a11ce000000000a1',
        type: 'GuardDuty CryptoCurrency:EC2/BitcoinTool.B',
        destinations: ['107.191.47.239:3333'],
        pointer: '/Findings/0',
      }),
    ]);
  });
});
