import type { Vocabulary } from '../vocabulary.js';

/** Azure's words for the model's concepts, and how to fix each control's failure in Azure. */
export const azureVocabulary: Vocabulary = {
  cloud: 'Azure',
  scope: { one: 'subscription', many: 'subscriptions' },
  region: { one: 'location', many: 'locations' },
  trail: { one: 'diagnostic setting', many: 'diagnostic settings' },
  trailKinds: { organization: 'management-group diagnostic setting', allRegions: 'diagnostic setting' },
  network: { one: 'virtual network', many: 'virtual networks' },
  subnet: { one: 'subnet', many: 'subnets' },
  instance: { one: 'virtual machine', many: 'virtual machines' },
  group: { one: 'scale set', many: 'scale sets' },
  firewall: {
    interface: { one: 'network security group', many: 'network security groups' },
    subnet: { one: 'subnet network security group', many: 'subnet network security groups' },
    network: { one: 'Azure Firewall policy', many: 'Azure Firewall policies' },
  },
  threatDetector: 'Defender for Servers',
  detectorOff: 'on the Free tier',
  alarm: { one: 'metric alert', many: 'metric alerts' },
  platformAuditOnly:
    'the platform keeps the Activity Log for 90 days, where nobody can query it at length or alert on it',
  principalWords: {
    'service-account': 'Service principal',
    group: 'Group',
    service: 'Platform identity',
    'external-account': 'Guest',
  },
  costMonitor: { one: 'cost anomaly alert', many: 'cost anomaly alerts' },
  costAlert: 'recipient',
  dnsLogging: 'DNS security policy logging',
  flowDestinationFields: 'destination address and port',
  organization: {
    managementScope: 'tenant root',
    unit: { one: 'management group', many: 'management groups' },
    costMonitorsAtManagement: false,
  },
  sources: {
    prefixListEntries: 'network service tags',
    organizationParents: 'account management-group show',
  },
  guardrail: { one: 'policy assignment', many: 'policy assignments' },
  types: {
    scope: 'Microsoft.Resources/subscriptions',
    region: 'Azure::Location',
    network: 'Microsoft.Network/virtualNetworks',
    firewall: 'Microsoft.Network/networkSecurityGroups',
    instance: 'Microsoft.Compute/virtualMachines',
    interface: 'Microsoft.Network/networkInterfaces',
    principal: {
      user: 'Microsoft.Graph/users',
      role: 'Microsoft.Authorization/roleDefinitions',
      group: 'Microsoft.Graph/groups',
      'service-account': 'Microsoft.Graph/servicePrincipals',
      service: 'Azure::Service',
      federated: 'Microsoft.ManagedIdentity/federatedIdentityCredentials',
      account: 'Azure::Tenant',
      anonymous: 'Azure::Principal',
    },
  },
  remediation: {
    'audit-logging': {
      text: 'Export the Activity Log with a subscription diagnostic setting that sends the Administrative category to a Log Analytics workspace, storage account or event hub.',
      cli: 'az monitor diagnostic-settings subscription create --name activity-export --location westeurope --workspace WORKSPACE_ID --logs \'[{"category":"Administrative","enabled":true}]\'',
      terraform:
        'resource "azurerm_monitor_diagnostic_setting" "activity" {\n  name                       = "activity-export"\n  target_resource_id         = "/subscriptions/SUBSCRIPTION_ID"\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.audit.id\n  enabled_log { category = "Administrative" }\n}',
      url: 'https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log',
    },
    'audit-retention': {
      text: 'Keep the exported Activity Log for `retention.auditDays`: set the AzureActivity table (or workspace) retention, or a storage lifecycle rule, of at least that many days.',
      cli: 'az monitor log-analytics workspace table update --resource-group RG --workspace-name WORKSPACE --name AzureActivity --total-retention-time 400',
    },
    'flow-logging': {
      text: 'Enable a VNet flow log on the virtual network (NSG flow logs are retired for new deployments), sending to a storage account, with traffic analytics if the logs are queried.',
      cli: 'az network watcher flow-log create --location LOCATION --name vnet-flows --vnet VNET_ID --storage-account STORAGE_ID --enabled true',
      terraform:
        'resource "azurerm_network_watcher_flow_log" "vnet" {\n  name                 = "vnet-flows"\n  network_watcher_name = "NetworkWatcher_LOCATION"\n  resource_group_name  = "NetworkWatcherRG"\n  target_resource_id   = azurerm_virtual_network.main.id\n  storage_account_id   = azurerm_storage_account.flows.id\n  enabled              = true\n  retention_policy {\n    enabled = true\n    days    = 90\n  }\n}',
    },
    'flow-retention': {
      text: 'Keep flow logs for `retention.flowDays`: raise the flow log retention policy (0 keeps them forever) and the storage lifecycle rule, or the traffic analytics workspace retention.',
    },
    'metric-logging': {
      text: 'Create an enabled metric alert on Percentage CPU whose scope covers the VM (the VM, its resource group or the subscription with target type virtualMachines) and that calls an action group.',
      cli: 'az monitor metrics alert create --name cpu-plateau --resource-group RG --scopes /subscriptions/SUBSCRIPTION_ID --target-resource-type Microsoft.Compute/virtualMachines --target-resource-region LOCATION --condition "avg Percentage CPU >= 80" --window-size 15m --action ACTION_GROUP_ID',
    },
    'dns-logging': {
      text: 'Link the virtual network to a DNS security policy whose diagnostic setting sends DnsResponse logs, or resolve through an Azure Firewall with DNS proxy and DNS logs enabled.',
    },
    'creation-permissions': {
      text: 'Remove role assignments that can create compute from principals outside the approved deployment paths, or add the path to `creators.approved` with a reason.',
    },
    'creation-guardrails': {
      text: 'Assign, enforced, the built-in policies "Allowed locations" and "Allowed virtual machine size SKUs" (or a custom deny on Microsoft.Compute/virtualMachines) at the management group above the subscription.',
      cli: 'az policy assignment create --name allowed-vm-skus --scope /providers/Microsoft.Management/managementGroups/MG --policy cccc23c7-8427-4f53-ad12-b6a63eb452b3 --params \'{"listOfAllowedSKUs":{"value":["Standard_B2s"]}}\'',
    },
    'egress-restriction': {
      text: 'Deny outbound Internet in the NSG (a rule above AllowInternetOutBound at 65001), allow only what workloads need, and route 0.0.0.0/0 through Azure Firewall.',
      cli: 'az network nsg rule create --resource-group RG --nsg-name NSG --name deny-internet-out --priority 4000 --direction Outbound --access Deny --destination-address-prefixes Internet --destination-port-ranges "*" --protocol "*"',
    },
    'threat-detection': {
      text: 'Turn on Defender for Servers (the VirtualMachines plan at the Standard tier) for the subscription.',
      cli: 'az security pricing create --name VirtualMachines --tier standard',
      terraform:
        'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n}',
    },
    'cost-anomaly': {
      text: 'Create a cost anomaly alert (a scheduled action of kind InsightAlert) on the subscription with recipients who act on it.',
    },
    'ownership-tagging': {
      text: 'Tag every VM with the keys in `tags.required` (enforce with the built-in "Require a tag on resources" policy).',
      cli: 'az tag update --resource-id VM_ID --operation merge --tags owner=TEAM',
    },
  },
};
