/**
 * Builds demo/telemetry: native log files for the demo estate in demo/bundle, as the clouds deliver them
 * (CloudTrail org-trail objects, VPC Flow Logs objects in S3, CloudWatch Logs exports, get-metric-data
 * output, GuardDuty get-findings output). Same accounts, instances, ENIs and VPCs as the bundle.
 *   - i-0a11000000000a003 (g4dn.12xlarge, untagged) is launched by the ci-bot user's long-lived key
 *     after a failed p3.16xlarge launch, runs its CPU flat out, resolves pool.supportxmr.com and talks to
 *     pools: the miner. GuardDuty flags it too.
 *   - i-0a11000000000a002 is an Auto Scaling batch worker: a CPU plateau with S3 traffic, explained.
 *   - web-1, etl-1 (REJECT-only flow logs) and the management build runner (no flow logs, a CPU-heavy
 *     build) show what is and is not seen.
 * Nothing here was collected from a real account. Run: npm run demo:telemetry
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoDir } from '../src/package-info.js';
import { writeAzureTelemetry } from './demo/azure-telemetry.js';
import { writeGcpTelemetry } from './demo/gcp-telemetry.js';

const MGMT = '111122223333';
const WORK = '444455556666';
const ORG = 'o-a1b2c3d4e5';
const VPC = 'vpc-0a11f00000000000a';

const MINER = {
  id: 'i-0a11000000000a003',
  eni: 'eni-0a11a1b2c3d4e5f03',
  ip: '10.20.1.77',
  subnet: 'subnet-0a11aa00000000001',
};
const BATCH = {
  id: 'i-0a11000000000a002',
  eni: 'eni-0a11a1b2c3d4e5f02',
  ip: '10.20.2.31',
  subnet: 'subnet-0a11aa00000000002',
};
const WEB = { id: 'i-0a11000000000a001', eni: 'eni-0a11a1b2c3d4e5f01', ip: '10.20.1.10' };
const ETL = { id: 'i-0b22000000000b001', eni: 'eni-0b22a1b2c3d4e5f01', ip: '10.30.1.14' };
const RUNNER = { id: 'i-0c33000000000c001' };
const POOL_IP = '107.191.47.239';
const POOL_DNS_ANSWER = '203.0.113.77';

const root = join(demoDir, 'telemetry');
rmSync(root, { recursive: true, force: true });

function write(path: string, data: string | Buffer): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}
const gz = (text: string) => gzipSync(text, { level: 6 });
const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * 60_000);
const isoZ = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const secs = (d: Date) => Math.floor(d.getTime() / 1000);

/** A deterministic PRNG so the demo files are the same on every build. */
let seed = 20261120;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
let counter = 0;
const uuid = () => {
  counter++;
  const h = counter.toString(16).padStart(12, '0');
  return `7d3c${h.slice(0, 4)}-4e1a-4b2c-9d8e-${h}`;
};

// ---------- CloudTrail (organization trail, delivered to the management account's bucket) ----------
const ciBot = {
  type: 'IAMUser',
  principalId: 'AIDAQ4WORKCIBOT00001',
  arn: `arn:aws:iam::${WORK}:user/ci-bot`,
  accountId: WORK,
  accessKeyId: 'AKIAQ4WORKEXAMPLE001',
  userName: 'ci-bot',
};
const autoScaling = {
  type: 'AssumedRole',
  principalId: 'AROAQ4WORKASGROLE001:AutoScaling',
  arn: `arn:aws:sts::${WORK}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`,
  accountId: WORK,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAQ4WORKASGROLE001',
      arn: `arn:aws:iam::${WORK}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      accountId: WORK,
      userName: 'AWSServiceRoleForAutoScaling',
    },
    attributes: { creationDate: '2026-11-24T00:59:58Z', mfaAuthenticated: 'false' },
  },
  invokedBy: 'autoscaling.amazonaws.com',
};
const monitor = (account: string) => ({
  type: 'AssumedRole',
  principalId: `AROA${account.slice(0, 6)}MON:poller`,
  arn: `arn:aws:sts::${account}:assumed-role/monitoring-readonly/poller`,
  accountId: account,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      arn: `arn:aws:iam::${account}:role/monitoring-readonly`,
      accountId: account,
      userName: 'monitoring-readonly',
    },
    attributes: { creationDate: '2026-11-19T23:00:00Z', mfaAuthenticated: 'false' },
  },
});
const event = (
  account: string,
  region: string,
  time: Date,
  identity: object,
  source: string,
  name: string,
  rest: object,
) => ({
  eventVersion: '1.10',
  userIdentity: identity,
  eventTime: isoZ(time),
  eventSource: source,
  eventName: name,
  awsRegion: region,
  ...rest,
  requestID: uuid(),
  eventID: uuid(),
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: account,
  eventCategory: 'Management',
});
const describe = (account: string, region: string, time: Date) =>
  event(account, region, time, monitor(account), 'ec2.amazonaws.com', 'DescribeInstances', {
    sourceIPAddress: '198.51.100.10',
    userAgent: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5',
    readOnly: true,
    requestParameters: { instancesSet: {}, filterSet: {} },
    responseElements: null,
  });
function runInstances(
  time: Date,
  identity: object,
  agent: string,
  sourceIp: string,
  type: string,
  image: string,
  inst: { id: string; eni: string; ip: string; subnet: string },
  tags: Record<string, string>,
) {
  const tagItems = Object.entries(tags).map(([key, value]) => ({ key, value }));
  return event(WORK, 'us-east-1', time, identity, 'ec2.amazonaws.com', 'RunInstances', {
    sourceIPAddress: sourceIp,
    userAgent: agent,
    readOnly: false,
    requestParameters: {
      instancesSet: { items: [{ imageId: image, minCount: 1, maxCount: 1 }] },
      instanceType: type,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      disableApiTermination: false,
      subnetId: inst.subnet,
      ...(tagItems.length
        ? { tagSpecificationSet: { items: [{ resourceType: 'instance', tags: tagItems }] } }
        : {}),
    },
    responseElements: {
      requestId: uuid(),
      reservationId: `r-${inst.id.slice(2)}`,
      ownerId: WORK,
      groupSet: {},
      instancesSet: {
        items: [
          {
            instanceId: inst.id,
            imageId: image,
            instanceState: { code: 0, name: 'pending' },
            privateDnsName: `ip-${inst.ip.replace(/\./g, '-')}.ec2.internal`,
            amiLaunchIndex: 0,
            productCodes: {},
            instanceType: type,
            launchTime: time.getTime(),
            placement: { availabilityZone: 'us-east-1a', tenancy: 'default' },
            monitoring: { state: 'disabled' },
            subnetId: inst.subnet,
            vpcId: VPC,
            privateIpAddress: inst.ip,
            networkInterfaceSet: {
              items: [
                {
                  networkInterfaceId: inst.eni,
                  subnetId: inst.subnet,
                  vpcId: VPC,
                  ownerId: WORK,
                  status: 'in-use',
                  privateIpAddress: inst.ip,
                  sourceDestCheck: true,
                  attachment: {
                    attachmentId: `eni-attach-${inst.eni.slice(4)}`,
                    deviceIndex: 0,
                    status: 'attaching',
                    deleteOnTermination: true,
                  },
                },
              ],
            },
            ...(tagItems.length ? { tagSet: { items: tagItems } } : {}),
          },
        ],
      },
    },
  });
}
function trailObject(account: string, region: string, stamp: string, records: object[]): void {
  const day = stamp.slice(0, 10).replace(/-/g, '/');
  const compact = stamp.replace(/[-:]/g, '').slice(0, 13);
  write(
    `s3/acme-org-cloudtrail-logs/AWSLogs/${ORG}/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${compact}Z_${uuid().slice(-12)}.json.gz`,
    gz(JSON.stringify({ Records: records })),
  );
}
const failedAt = at('2026-11-20T02:13:41Z');
const launchedAt = at('2026-11-20T02:14:07Z');
const botAgent =
  'Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.9';
trailObject(WORK, 'us-east-1', '2026-11-20T02:10', [
  describe(WORK, 'us-east-1', at('2026-11-20T02:05:12Z')),
  event(WORK, 'us-east-1', failedAt, ciBot, 'ec2.amazonaws.com', 'RunInstances', {
    sourceIPAddress: '185.220.101.47',
    userAgent: botAgent,
    readOnly: false,
    errorCode: 'Client.VcpuLimitExceeded',
    errorMessage:
      'You have requested more vCPU capacity than your current vCPU limit of 64 allows for the instance bucket that the specified instance type belongs to.',
    requestParameters: {
      instancesSet: { items: [{ imageId: 'ami-0badc0ffee0ddf00d', minCount: 1, maxCount: 1 }] },
      instanceType: 'p3.16xlarge',
      subnetId: MINER.subnet,
    },
    responseElements: null,
  }),
  runInstances(
    launchedAt,
    ciBot,
    botAgent,
    '185.220.101.47',
    'g4dn.12xlarge',
    'ami-0badc0ffee0ddf00d',
    MINER,
    {},
  ),
  describe(WORK, 'us-east-1', at('2026-11-20T02:15:12Z')),
]);
trailObject(WORK, 'us-east-1', '2026-11-24T01:00', [
  runInstances(
    at('2026-11-24T01:00:00Z'),
    autoScaling,
    'autoscaling.amazonaws.com',
    'autoscaling.amazonaws.com',
    'c6i.4xlarge',
    'ami-0a1b2c3d4e5f60718',
    BATCH,
    {
      owner: 'data-platform',
      'aws:autoscaling:groupName': 'batch-asg',
    },
  ),
  describe(WORK, 'us-east-1', at('2026-11-24T01:05:12Z')),
]);
trailObject(WORK, 'eu-west-1', '2026-11-20T02:00', [describe(WORK, 'eu-west-1', at('2026-11-20T02:05:40Z'))]);
trailObject(MGMT, 'us-east-1', '2026-11-20T02:00', [describe(MGMT, 'us-east-1', at('2026-11-20T02:05:30Z'))]);
trailObject(MGMT, 'us-east-1', '2026-11-24T14:00', [describe(MGMT, 'us-east-1', at('2026-11-24T14:05:30Z'))]);

// ---------- VPC Flow Logs (prod-vpc, ALL traffic, default format, delivered to S3) ----------
const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const flow = (
  eni: string,
  src: string,
  dst: string,
  sport: number,
  dport: number,
  packets: number,
  bytes: number,
  start: Date,
  action = 'ACCEPT',
) =>
  `2 ${WORK} ${eni} ${src} ${dst} ${sport} ${dport} 6 ${packets} ${bytes} ${secs(start)} ${secs(start) + 60} ${action} OK`;
function flowObject(stamp: string, lines: string[]): void {
  const day = stamp.slice(0, 10).replace(/-/g, '/');
  const compact = stamp.replace(/[-:]/g, '').slice(0, 13);
  const sorted = [...lines].sort((a, b) => Number(a.split(' ')[10]) - Number(b.split(' ')[10]));
  write(
    `s3/acme-workloads-flowlogs/AWSLogs/${WORK}/vpcflowlogs/us-east-1/${day}/${WORK}_vpcflowlogs_us-east-1_fl-0a11e00000000001a_${compact}Z_${uuid().slice(-8)}.log.gz`,
    gz(`${[HEADER, ...sorted].join('\n')}\n`),
  );
}
{
  const lines: string[] = [];
  for (let m = 0; m < 60; m += 2) {
    const t = at('2026-11-20T02:16:00Z', m);
    lines.push(
      flow(
        MINER.eni,
        MINER.ip,
        POOL_IP,
        41822,
        3333,
        9 + Math.floor(rand() * 4),
        2100 + Math.floor(rand() * 900),
        t,
      ),
    );
    lines.push(
      flow(
        MINER.eni,
        POOL_IP,
        MINER.ip,
        3333,
        41822,
        8 + Math.floor(rand() * 4),
        1900 + Math.floor(rand() * 900),
        t,
      ),
    );
    if (m % 6 === 0)
      lines.push(
        flow(MINER.eni, MINER.ip, POOL_DNS_ANSWER, 50514, 443, 12, 4400 + Math.floor(rand() * 800), t),
      );
    lines.push(
      flow(
        WEB.eni,
        `198.51.100.${20 + Math.floor(rand() * 200)}`,
        WEB.ip,
        40000 + Math.floor(rand() * 20000),
        443,
        14,
        9800 + Math.floor(rand() * 4000),
        t,
      ),
    );
  }
  flowObject('2026-11-20T02:15', lines);
}
{
  const lines: string[] = [];
  for (let m = 0; m < 60; m += 5) {
    const t = at('2026-11-24T01:05:00Z', m);
    lines.push(
      flow(
        BATCH.eni,
        BATCH.ip,
        `52.216.${40 + Math.floor(rand() * 20)}.${1 + Math.floor(rand() * 250)}`,
        52000 + m,
        443,
        4200,
        5_600_000 + Math.floor(rand() * 900_000),
        t,
      ),
    );
    lines.push(
      flow(
        WEB.eni,
        `198.51.100.${20 + Math.floor(rand() * 200)}`,
        WEB.ip,
        40000 + Math.floor(rand() * 20000),
        443,
        14,
        9800 + Math.floor(rand() * 4000),
        t,
      ),
    );
  }
  flowObject('2026-11-24T01:05', lines);
}

// ---------- CloudWatch Logs exports (aws logs filter-log-events) ----------
const logEvents = (group: string, events: { stream: string; time: Date; message: string }[]) =>
  JSON.stringify(
    {
      events: events.map((e, i) => ({
        logStreamName: e.stream,
        timestamp: e.time.getTime(),
        message: e.message,
        ingestionTime: e.time.getTime() + 4000,
        eventId: `3782${String(e.time.getTime()).padStart(16, '0')}${String(i).padStart(12, '0')}`,
      })),
      searchedLogStreams: [],
      logGroupName: group,
    },
    null,
    4,
  );
const query = (time: Date, inst: { id: string; ip: string }, name: string, answers: [string, string][]) =>
  JSON.stringify({
    version: '1.100000',
    account_id: WORK,
    region: 'us-east-1',
    vpc_id: VPC,
    query_timestamp: isoZ(time),
    query_name: name,
    query_type: 'A',
    query_class: 'IN',
    rcode: 'NOERROR',
    answers: answers.map(([Rdata, Type]) => ({ Rdata, Type, Class: 'IN' })),
    srcaddr: inst.ip,
    srcport: String(30000 + Math.floor(rand() * 30000)),
    transport: 'UDP',
    srcids: { instance: inst.id },
  });
{
  const events: { stream: string; time: Date; message: string }[] = [];
  const stream = `${VPC}_${WORK}`;
  events.push({
    stream,
    time: at('2026-11-20T02:15:31Z'),
    message: query(at('2026-11-20T02:15:31Z'), MINER, 'pool.supportxmr.com.', [[POOL_DNS_ANSWER, 'A']]),
  });
  events.push({
    stream,
    time: at('2026-11-20T02:15:33Z'),
    message: query(at('2026-11-20T02:15:33Z'), WEB, 'api.stripe.com.', [['198.51.100.61', 'A']]),
  });
  events.push({
    stream,
    time: at('2026-11-20T03:15:31Z'),
    message: query(at('2026-11-20T03:15:31Z'), MINER, 'pool.supportxmr.com.', [[POOL_DNS_ANSWER, 'A']]),
  });
  events.push({
    stream,
    time: at('2026-11-24T01:04:10Z'),
    message: query(at('2026-11-24T01:04:10Z'), BATCH, 'acme-data-lake.s3.us-east-1.amazonaws.com.', [
      ['52.216.41.22', 'A'],
    ]),
  });
  write(
    'cloudwatch-logs/444455556666-us-east-1-dns-prod-queries.json',
    logEvents('/dns/prod-queries', events),
  );
}
{
  // eu-west-1 logs only REJECTed traffic: scans against etl-1, nothing of what it sends out.
  const events: { stream: string; time: Date; message: string }[] = [];
  for (let m = 0; m < 60; m += 7) {
    const t = at('2026-11-20T02:00:00Z', m);
    const line = `2 ${WORK} ${ETL.eni} 198.51.100.${100 + m} ${ETL.ip} ${40000 + m} 22 6 1 44 ${secs(t)} ${secs(t) + 60} REJECT OK`;
    events.push({ stream: `${ETL.eni}-all`, time: t, message: line });
  }
  write(
    'cloudwatch-logs/444455556666-eu-west-1-vpc-analytics-rejects.json',
    logEvents('/vpc/analytics-rejects', events),
  );
}

// ---------- CPU (aws cloudwatch get-metric-data, 5-minute averages, newest first) ----------
function cpuFile(
  path: string,
  start: string,
  hours: number,
  series: { id: string; level: (minute: number) => number | undefined }[],
): void {
  const results = series.map((s, i) => {
    const timestamps: string[] = [];
    const values: number[] = [];
    for (let m = hours * 60 - 5; m >= 0; m -= 5) {
      const v = s.level(m);
      if (v === undefined) continue;
      timestamps.push(at(start, m).toISOString().replace('.000Z', '+00:00'));
      values.push(Math.round(v * 100) / 100);
    }
    return {
      Id: `cpu${i}`,
      Label: `${s.id} CPUUtilization`,
      Timestamps: timestamps,
      Values: values,
      StatusCode: 'Complete',
    };
  });
  write(path, JSON.stringify({ MetricDataResults: results, Messages: [] }, null, 4));
}
cpuFile('metrics/444455556666/us-east-1/get-metric-data-2026-11-20.json', '2026-11-20T00:00:00Z', 12, [
  { id: MINER.id, level: (m) => (m < 135 ? undefined : 96 + rand() * 3.5) },
  { id: WEB.id, level: () => 18 + rand() * 12 },
]);
cpuFile('metrics/444455556666/us-east-1/get-metric-data-2026-11-24.json', '2026-11-24T00:00:00Z', 12, [
  { id: MINER.id, level: () => 96 + rand() * 3.5 },
  { id: BATCH.id, level: (m) => (m < 60 ? undefined : m < 270 ? 88 + rand() * 8 : 6 + rand() * 4) },
  { id: WEB.id, level: () => 18 + rand() * 12 },
]);
cpuFile('metrics/444455556666/eu-west-1/get-metric-data-2026-11-20.json', '2026-11-20T00:00:00Z', 12, [
  { id: ETL.id, level: (m) => (m >= 120 && m < 150 ? 55 + rand() * 10 : 12 + rand() * 8) },
]);
cpuFile('metrics/111122223333/us-east-1/get-metric-data-2026-11-24.json', '2026-11-24T12:00:00Z', 6, [
  { id: RUNNER.id, level: (m) => (m >= 120 && m < 170 ? 90 + rand() * 6 : 4 + rand() * 3) },
]);

// ---------- GuardDuty (aws guardduty get-findings) ----------
write(
  'guardduty/444455556666-us-east-1-get-findings.json',
  JSON.stringify(
    {
      Findings: [
        {
          AccountId: WORK,
          Arn: `arn:aws:guardduty:us-east-1:${WORK}:detector/2ac4b1f5e3d2c7b6a9f0e1d2c3b4a5f7/finding/7ec9d1a2b3c4d5e6f70819a2b3c4d5e6`,
          CreatedAt: '2026-11-20T02:31:09.512Z',
          Description: `EC2 instance ${MINER.id} is querying a domain name that is associated with Bitcoin-related activity.`,
          Id: '7ec9d1a2b3c4d5e6f70819a2b3c4d5e6',
          Partition: 'aws',
          Region: 'us-east-1',
          Resource: {
            InstanceDetails: {
              InstanceId: MINER.id,
              InstanceType: 'g4dn.12xlarge',
              ImageId: 'ami-0badc0ffee0ddf00d',
              LaunchTime: '2026-11-20T02:14:07.000Z',
              NetworkInterfaces: [
                {
                  NetworkInterfaceId: MINER.eni,
                  PrivateIpAddress: MINER.ip,
                  SubnetId: MINER.subnet,
                  VpcId: VPC,
                  PublicIp: '3.91.140.201',
                },
              ],
              Tags: [],
            },
            ResourceType: 'Instance',
          },
          SchemaVersion: '2.0',
          Service: {
            Action: {
              ActionType: 'DNS_REQUEST',
              DnsRequestAction: { Domain: 'pool.supportxmr.com', Protocol: 'UDP', Blocked: false },
            },
            Archived: false,
            Count: 14,
            DetectorId: '2ac4b1f5e3d2c7b6a9f0e1d2c3b4a5f7',
            EventFirstSeen: '2026-11-20T02:15:31.000Z',
            EventLastSeen: '2026-11-20T03:15:31.000Z',
            ResourceRole: 'ACTOR',
            ServiceName: 'guardduty',
          },
          Severity: 8,
          Title: `EC2 instance ${MINER.id} is querying a domain name associated with Bitcoin activity.`,
          Type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
          UpdatedAt: '2026-11-20T03:16:02.771Z',
        },
      ],
    },
    null,
    4,
  ),
);
writeAzureTelemetry(root);
writeGcpTelemetry(root);
console.log(`wrote ${root}`);
