import type { Vocabulary } from '../vocabulary.js';

/** AWS's words for the model's concepts, and how to fix each control's failure in AWS. */
export const awsVocabulary: Vocabulary = {
  cloud: 'AWS',
  scope: { one: 'account', many: 'accounts' },
  region: { one: 'region', many: 'regions' },
  trail: { one: 'trail', many: 'trails' },
  trailKinds: { organization: 'organization trail', allRegions: 'multi-region trail' },
  network: { one: 'VPC', many: 'VPCs' },
  subnet: { one: 'subnet', many: 'subnets' },
  instance: { one: 'instance', many: 'instances' },
  group: { one: 'Auto Scaling group', many: 'Auto Scaling groups' },
  firewall: {
    interface: { one: 'security group', many: 'security groups' },
    subnet: { one: 'network ACL', many: 'network ACLs' },
    network: { one: 'firewall policy', many: 'firewall policies' },
  },
  threatDetector: 'GuardDuty',
  detectorOff: 'suspended',
  alarm: { one: 'alarm', many: 'alarms' },
  principalWords: { service: 'Service role' },
  costMonitor: { one: 'anomaly monitor', many: 'anomaly monitors' },
  costAlert: 'alert subscription',
  dnsLogging: 'resolver query logging',
  flowDestinationFields: 'dstaddr and dstport',
  organization: {
    managementScope: 'management account',
    unit: { one: 'organizational unit', many: 'organizational units' },
    costMonitorsAtManagement: true,
  },
  sources: {
    prefixListEntries: 'ec2 GetManagedPrefixListEntries',
    organizationParents: 'organizations ListParents',
  },
  guardrail: { one: 'service control policy', many: 'service control policies' },
  types: {
    scope: 'AWS::Account',
    region: 'AWS::Region',
    network: 'AWS::EC2::VPC',
    firewall: 'AWS::EC2::SecurityGroup',
    instance: 'AWS::EC2::Instance',
    interface: 'AWS::EC2::NetworkInterface',
    principal: {
      user: 'AWS::IAM::User',
      role: 'AWS::IAM::Role',
      group: 'AWS::IAM::Group',
      'service-account': 'AWS::IAM::Role',
      service: 'AWS::Service',
      federated: 'AWS::IAM::IdentityProvider',
      account: 'AWS::Account',
      anonymous: 'AWS::Principal',
    },
  },
  remediation: {
    'audit-logging': {
      text: 'Create a multi-region (or organization) trail that is logging and records management write events, e.g. `aws cloudtrail create-trail --is-multi-region-trail` then `start-logging`.',
      cli: 'aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET --is-multi-region-trail --is-organization-trail && aws cloudtrail start-logging --name org-trail',
      terraform:
        'resource "aws_cloudtrail" "org" {\n  name                  = "org-trail"\n  s3_bucket_name        = aws_s3_bucket.trail.id\n  is_multi_region_trail = true\n  is_organization_trail = true\n  enable_logging        = true\n}',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html',
    },
    'audit-retention': {
      text: 'Keep at least one complete copy for `retention.auditDays`: set the CloudWatch Logs group retention or an S3 lifecycle expiration of at least that many days (or none).',
      cli: 'aws logs put-retention-policy --log-group-name GROUP --retention-in-days 400',
      terraform:
        'resource "aws_s3_bucket_lifecycle_configuration" "trail" {\n  bucket = aws_s3_bucket.trail.id\n  rule {\n    id     = "keep-audit"\n    status = "Enabled"\n    filter {}\n    expiration { days = 400 }\n  }\n}',
    },
    'flow-logging': {
      text: 'Create a flow log on the VPC with traffic type ALL (or ACCEPT) and a format that includes dstaddr and dstport, e.g. `aws ec2 create-flow-logs --resource-type VPC --traffic-type ALL`.',
      cli: 'aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET',
      terraform:
        'resource "aws_flow_log" "vpc" {\n  vpc_id               = VPC_ID\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = aws_s3_bucket.flows.arn\n}',
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html',
    },
    'flow-retention': {
      text: 'Keep flow logs for `retention.flowDays`: set the log group retention or an S3 lifecycle expiration of at least that many days.',
      cli: 'aws logs put-retention-policy --log-group-name GROUP --retention-in-days 90',
    },
    'metric-logging': {
      text: 'Keep CPU metrics at `metrics.cpuResolutionMinutes` or finer and put a CloudWatch alarm or anomaly detector with an action on CPUUtilization for the instance or its Auto Scaling group.',
      cli: 'aws cloudwatch put-metric-alarm --alarm-name cpu-plateau --namespace AWS/EC2 --metric-name CPUUtilization --dimensions Name=InstanceId,Value=INSTANCE_ID --statistic Average --period 300 --evaluation-periods 3 --threshold 80 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions TOPIC_ARN',
      terraform:
        'resource "aws_cloudwatch_metric_alarm" "cpu" {\n  alarm_name          = "cpu-plateau"\n  namespace           = "AWS/EC2"\n  metric_name         = "CPUUtilization"\n  statistic           = "Average"\n  period              = 300\n  evaluation_periods  = 3\n  threshold           = 80\n  comparison_operator = "GreaterThanOrEqualToThreshold"\n  dimensions          = { InstanceId = INSTANCE_ID }\n  alarm_actions       = [aws_sns_topic.alerts.arn]\n}',
    },
    'dns-logging': {
      text: 'Associate a Route 53 Resolver query logging configuration with the VPC (public hosted-zone query logging does not see resolver lookups).',
      cli: 'aws route53resolver associate-resolver-query-log-config --resolver-query-log-config-id CONFIG_ID --resource-id VPC_ID',
      terraform:
        'resource "aws_route53_resolver_query_log_config_association" "vpc" {\n  resolver_query_log_config_id = aws_route53_resolver_query_log_config.dns.id\n  resource_id                  = VPC_ID\n}',
    },
    'creation-permissions': {
      text: 'Remove compute-creating permissions (and the roles that lead to them) from principals outside the approved deployment paths, or add the path to `creators.approved` with a reason.',
    },
    'creation-guardrails': {
      text: 'Attach a service control policy that denies ec2:RunInstances outside approved regions (aws:RequestedRegion) and instance families (ec2:InstanceType), and denies cloudtrail:StopLogging, DeleteTrail, ec2:DeleteFlowLogs and resolver query-log disassociation.',
      cli: 'aws organizations create-policy --type SERVICE_CONTROL_POLICY --name deny-unapproved-compute --content file://scp.json && aws organizations attach-policy --policy-id POLICY_ID --target-id ROOT_ID',
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html',
    },
    'egress-restriction': {
      text: 'Replace 0.0.0.0/0 and ::/0 egress with the destinations workloads need (VPC endpoints, proxies, prefix lists), route internet-bound traffic through an inspecting egress (NAT + Network Firewall or DNS Firewall), and deny stratum ports.',
      cli: 'aws ec2 revoke-security-group-egress --group-id GROUP_ID --ip-permissions IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]',
    },
    'threat-detection': {
      text: 'Enable the detector in every enabled region, e.g. GuardDuty through the organization’s delegated administrator with auto-enable.',
      cli: 'aws guardduty create-detector --enable --features Name=RUNTIME_MONITORING,Status=ENABLED',
      terraform: 'resource "aws_guardduty_detector" "this" {\n  enable = true\n}',
    },
    'cost-anomaly': {
      text: 'Create a Cost Anomaly Detection monitor (AWS services, or linked accounts from the management account) and a subscription that emails or notifies the owners.',
      cli: 'aws ce create-anomaly-monitor --anomaly-monitor MonitorName=services,MonitorType=DIMENSIONAL,MonitorDimension=SERVICE',
      terraform:
        'resource "aws_ce_anomaly_monitor" "services" {\n  name              = "services"\n  monitor_type      = "DIMENSIONAL"\n  monitor_dimension = "SERVICE"\n}',
    },
    'ownership-tagging': {
      text: 'Tag every instance with the keys in `tags.required` (enforce with tag policies or an SCP on RunInstances requiring aws:RequestTag).',
      cli: 'aws ec2 create-tags --resources INSTANCE_ID --tags Key=owner,Value=TEAM',
    },
  },
};
