import type { Vocabulary } from '../vocabulary.js';

/** Google Cloud's words for the model's concepts, and how to fix each control's failure there. */
export const gcpVocabulary: Vocabulary = {
  cloud: 'Google Cloud',
  scope: { one: 'project', many: 'projects' },
  region: { one: 'region', many: 'regions' },
  trail: { one: 'audit log', many: 'audit logs' },
  trailKinds: { organization: 'organization sink', allRegions: '' },
  network: { one: 'VPC network', many: 'VPC networks' },
  subnet: { one: 'subnet', many: 'subnets' },
  instance: { one: 'instance', many: 'instances' },
  group: { one: 'managed instance group', many: 'managed instance groups' },
  firewall: {
    interface: { one: 'firewall policy', many: 'firewall policies' },
    subnet: { one: 'firewall policy', many: 'firewall policies' },
    network: { one: 'VPC firewall', many: 'VPC firewalls' },
  },
  threatDetector: 'VM Threat Detection',
  detectorOff: 'disabled',
  alarm: { one: 'alert policy', many: 'alert policies' },
  principalWords: {
    'service-account': 'Service account',
    group: 'Group',
    service: 'Service agent',
    anonymous: 'Anyone on the internet',
    'external-account': 'Outside member',
  },
  costMonitor: { one: 'budget', many: 'budgets' },
  costAlert: 'threshold alert',
  dnsLogging: 'Cloud DNS logging',
  flowDestinationFields: 'destination address and port',
  organization: {
    managementScope: 'organization',
    unit: { one: 'folder', many: 'folders' },
    costMonitorsAtManagement: false,
  },
  sources: {
    prefixListEntries: 'compute address groups',
    organizationParents: 'projects get-ancestors',
  },
  guardrail: { one: 'organization policy', many: 'organization policies' },
  types: {
    scope: 'cloudresourcemanager.googleapis.com/Project',
    region: 'GCP::Region',
    network: 'compute.googleapis.com/Network',
    firewall: 'compute.googleapis.com/Firewall',
    instance: 'compute.googleapis.com/Instance',
    interface: 'compute.googleapis.com/NetworkInterface',
    principal: {
      user: 'GCP::User',
      role: 'iam.googleapis.com/Role',
      group: 'GCP::Group',
      'service-account': 'iam.googleapis.com/ServiceAccount',
      service: 'GCP::ServiceAgent',
      federated: 'iam.googleapis.com/WorkloadIdentityPool',
      account: 'cloudresourcemanager.googleapis.com/Project',
      anonymous: 'GCP::Principal',
    },
  },
  remediation: {
    'audit-logging': {
      text: 'Admin Activity audit logs are always on; keep them, and route them with a log sink to where the security team queries them.',
    },
    'audit-retention': {
      text: 'Route `cloudaudit.googleapis.com/activity` with a log sink to a bucket (or BigQuery dataset) kept at least `retention.auditDays`.',
      cli: 'gcloud logging buckets create audit-long --location=global --retention-days=800 && gcloud logging sinks create audit-long logging.googleapis.com/projects/PROJECT/locations/global/buckets/audit-long --log-filter=\'logName:"cloudaudit.googleapis.com%2Factivity"\'',
    },
    'flow-logging': {
      text: 'Enable VPC Flow Logs on every subnet that hosts instances, with sampling at or above `flow.minSampling` and no filter that drops egress.',
      cli: 'gcloud compute networks subnets update SUBNET --region=REGION --enable-flow-logs --logging-flow-sampling=1.0 --logging-metadata=include-all',
      terraform:
        'resource "google_compute_subnetwork" "workloads" {\n  # …\n  log_config {\n    aggregation_interval = "INTERVAL_5_SEC"\n    flow_sampling        = 1.0\n    metadata             = "INCLUDE_ALL_METADATA"\n  }\n}',
    },
    'flow-retention': {
      text: 'Keep `vpc_flows` for `retention.flowDays`: raise the `_Default` bucket retention or route them with a sink to a bucket kept that long.',
      cli: 'gcloud logging buckets update _Default --location=global --retention-days=90',
    },
    'metric-logging': {
      text: 'Create an enabled alert policy on compute.googleapis.com/instance/cpu/utilization that covers the instance and has a notification channel.',
    },
    'dns-logging': {
      text: 'Create (or update) a Cloud DNS server policy with logging enabled and attach it to the network.',
      cli: 'gcloud dns policies create dns-logging --networks=NETWORK --enable-logging --description="query logs"',
    },
    'creation-permissions': {
      text: 'Remove bindings that grant instance creation (and service-account impersonation leading to it) from members outside the approved deployment paths, or add the path to `creators.approved` with a reason.',
    },
    'creation-guardrails': {
      text: 'Set the organization policy `gcp.resourceLocations` (or a custom constraint on machine types) at the organization or folder above the project.',
      cli: 'gcloud org-policies set-policy policy.yaml',
    },
    'egress-restriction': {
      text: 'Add an egress deny rule for 0.0.0.0/0 below the implied allow (priority under 65535), allow only what instances need, and deny stratum ports in a hierarchical firewall policy.',
      cli: 'gcloud compute firewall-rules create deny-egress --network=NETWORK --direction=EGRESS --action=DENY --rules=all --destination-ranges=0.0.0.0/0 --priority=65000',
    },
    'threat-detection': {
      text: 'Enable VM Threat Detection in Security Command Center (it sees the miner inside the VM); Event Threat Detection alone sees only pool contacts.',
      cli: 'gcloud scc manage services update vm-threat-detection --organization=ORG_ID --enablement-state=ENABLED',
    },
    'cost-anomaly': {
      text: 'Create a budget whose scope includes the project with threshold alerts to the owners.',
      cli: 'gcloud billing budgets create --billing-account=ACCOUNT --display-name=compute-spend --budget-amount=1000USD --threshold-rule=percent=0.5 --threshold-rule=percent=0.9 --filter-projects=projects/PROJECT',
    },
    'ownership-tagging': {
      text: 'Label every instance with the keys in `tags.required`.',
      cli: 'gcloud compute instances add-labels INSTANCE --zone=ZONE --labels=owner=TEAM',
    },
  },
};
