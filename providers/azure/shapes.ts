import { z } from 'zod';

/**
 * The fields rigsight reads from each az output, after `properties` are lifted (liftProperties): az prints
 * them lifted already, `az rest` nests them. Unknown fields pass through; a wrong type is reported with its path.
 */
const ref = z.looseObject({ id: z.string() });
const opt = <T extends z.ZodType>(t: T) => t.nullish();
const tags = opt(z.record(z.string(), z.string().nullable()));

export const accountShow = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  state: opt(z.string()),
  tenantId: opt(z.string()),
  user: opt(z.looseObject({ name: opt(z.string()), type: opt(z.string()) })),
});

const identity = opt(
  z.looseObject({
    type: opt(z.string()),
    principalId: opt(z.string()),
    userAssignedIdentities: opt(
      z.record(
        z.string(),
        z.looseObject({ principalId: opt(z.string()), clientId: opt(z.string()) }).nullable(),
      ),
    ),
  }),
);

export const vm = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  tags,
  identity,
  hardwareProfile: opt(z.looseObject({ vmSize: opt(z.string()) })),
  storageProfile: opt(
    z.looseObject({
      imageReference: opt(
        z.looseObject({
          publisher: opt(z.string()),
          offer: opt(z.string()),
          sku: opt(z.string()),
          id: opt(z.string()),
        }),
      ),
    }),
  ),
  networkProfile: opt(z.looseObject({ networkInterfaces: opt(z.array(ref)) })),
  virtualMachineScaleSet: opt(ref),
  powerState: opt(z.string()),
  timeCreated: opt(z.string()),
});
export type Vm = z.infer<typeof vm>;

const nicConfiguration = z.looseObject({
  name: opt(z.string()),
  primary: opt(z.boolean()),
  networkSecurityGroup: opt(ref),
  ipConfigurations: opt(z.array(z.looseObject({ subnet: opt(ref) }))),
});

export const vmss = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  tags,
  identity,
  sku: opt(z.looseObject({ name: opt(z.string()), capacity: opt(z.number()) })),
  orchestrationMode: opt(z.string()),
  virtualMachineProfile: opt(
    z.looseObject({
      networkProfile: opt(z.looseObject({ networkInterfaceConfigurations: opt(z.array(nicConfiguration)) })),
    }),
  ),
});
export type Vmss = z.infer<typeof vmss>;

export const vmssInstance = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  location: opt(z.string()),
  instanceId: opt(z.string()),
  tags,
  sku: opt(z.looseObject({ name: opt(z.string()) })),
  networkProfile: opt(z.looseObject({ networkInterfaces: opt(z.array(ref)) })),
  networkProfileConfiguration: opt(
    z.looseObject({ networkInterfaceConfigurations: opt(z.array(nicConfiguration)) }),
  ),
  instanceView: opt(z.looseObject({ statuses: opt(z.array(z.looseObject({ code: opt(z.string()) }))) })),
  powerState: opt(z.string()),
  timeCreated: opt(z.string()),
});

export const nic = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  location: opt(z.string()),
  macAddress: opt(z.string()),
  networkSecurityGroup: opt(ref),
  virtualMachine: opt(ref),
  ipConfigurations: opt(
    z.array(
      z.looseObject({
        privateIPAddress: opt(z.string()),
        subnet: opt(ref),
        publicIPAddress: opt(z.looseObject({ id: opt(z.string()), ipAddress: opt(z.string()) })),
      }),
    ),
  ),
});
export type Nic = z.infer<typeof nic>;

export const vnet = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  addressSpace: opt(z.looseObject({ addressPrefixes: opt(z.array(z.string())) })),
  dhcpOptions: opt(z.looseObject({ dnsServers: opt(z.array(z.string())) })),
  subnets: opt(
    z.array(
      z.looseObject({
        id: z.string(),
        name: opt(z.string()),
        addressPrefix: opt(z.string()),
        addressPrefixes: opt(z.array(z.string())),
        networkSecurityGroup: opt(ref),
        routeTable: opt(ref),
        natGateway: opt(ref),
      }),
    ),
  ),
});
export type Vnet = z.infer<typeof vnet>;

const securityRule = z.looseObject({
  id: opt(z.string()),
  name: z.string(),
  protocol: z.string(),
  access: z.string(),
  priority: z.number(),
  direction: z.string(),
  destinationPortRange: opt(z.string()),
  destinationPortRanges: opt(z.array(z.string())),
  destinationAddressPrefix: opt(z.string()),
  destinationAddressPrefixes: opt(z.array(z.string())),
  destinationApplicationSecurityGroups: opt(z.array(ref)),
});
export type SecurityRule = z.infer<typeof securityRule>;

export const nsg = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  securityRules: opt(z.array(securityRule)),
  defaultSecurityRules: opt(z.array(securityRule)),
  subnets: opt(z.array(ref)),
  networkInterfaces: opt(z.array(ref)),
});
export type Nsg = z.infer<typeof nsg>;

export const routeTable = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  routes: opt(
    z.array(
      z.looseObject({
        name: opt(z.string()),
        addressPrefix: opt(z.string()),
        nextHopType: z.string(),
        nextHopIpAddress: opt(z.string()),
      }),
    ),
  ),
  subnets: opt(z.array(ref)),
});

export const firewall = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  ipConfigurations: opt(z.array(z.looseObject({ privateIPAddress: opt(z.string()) }))),
  firewallPolicy: opt(ref),
  additionalProperties: opt(z.record(z.string(), z.string())),
});

export const firewallPolicy = z.looseObject({
  id: z.string(),
  name: z.string(),
  dnsSettings: opt(z.looseObject({ enableProxy: opt(z.boolean()) })),
});

export const flowLog = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  location: opt(z.string()),
  targetResourceId: z.string(),
  storageId: opt(z.string()),
  enabled: opt(z.boolean()),
  enabledFilteringCriteria: opt(z.string()),
  retentionPolicy: opt(z.looseObject({ days: opt(z.number()), enabled: opt(z.boolean()) })),
  format: opt(z.looseObject({ type: opt(z.string()), version: opt(z.number()) })),
  flowAnalyticsConfiguration: opt(
    z.looseObject({
      networkWatcherFlowAnalyticsConfiguration: opt(
        z.looseObject({ enabled: opt(z.boolean()), workspaceResourceId: opt(z.string()) }),
      ),
    }),
  ),
});

const logSetting = z.looseObject({
  category: opt(z.string()),
  categoryGroup: opt(z.string()),
  enabled: z.boolean(),
});

export const diagnosticSetting = z.looseObject({
  id: opt(z.string()),
  name: z.string(),
  workspaceId: opt(z.string()),
  storageAccountId: opt(z.string()),
  eventHubAuthorizationRuleId: opt(z.string()),
  eventHubName: opt(z.string()),
  marketplacePartnerId: opt(z.string()),
  logs: opt(z.array(logSetting)),
});
export type DiagnosticSetting = z.infer<typeof diagnosticSetting>;

export const workspace = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: opt(z.string()),
  retentionInDays: opt(z.number()),
});

export const table = z.looseObject({
  name: opt(z.string()),
  retentionInDays: opt(z.number()),
  totalRetentionInDays: opt(z.number()),
});

export const managementPolicy = z.looseObject({
  policy: opt(
    z.looseObject({
      rules: opt(
        z.array(
          z.looseObject({
            name: opt(z.string()),
            enabled: opt(z.boolean()),
            definition: opt(
              z.looseObject({
                filters: opt(
                  z.looseObject({
                    prefixMatch: opt(z.array(z.string())),
                    blobTypes: opt(z.array(z.string())),
                  }),
                ),
                actions: opt(
                  z.looseObject({
                    baseBlob: opt(
                      z.looseObject({
                        delete: opt(
                          z.looseObject({
                            daysAfterModificationGreaterThan: opt(z.number()),
                            daysAfterCreationGreaterThan: opt(z.number()),
                            daysAfterLastAccessTimeGreaterThan: opt(z.number()),
                          }),
                        ),
                      }),
                    ),
                  }),
                ),
              }),
            ),
          }),
        ),
      ),
    }),
  ),
});

export const metricAlert = z.looseObject({
  id: z.string(),
  name: z.string(),
  enabled: opt(z.boolean()),
  scopes: opt(z.array(z.string())),
  targetResourceType: opt(z.string()),
  targetResourceRegion: opt(z.string()),
  criteria: opt(
    z.looseObject({
      allOf: opt(z.array(z.looseObject({ metricName: opt(z.string()), criterionType: opt(z.string()) }))),
    }),
  ),
  actions: opt(z.array(z.looseObject({ actionGroupId: opt(z.string()) }))),
});

export const roleDefinition = z.looseObject({
  id: z.string(),
  name: z.string(),
  roleName: opt(z.string()),
  roleType: opt(z.string()),
  type: opt(z.string()),
  assignableScopes: opt(z.array(z.string())),
  permissions: opt(
    z.array(
      z.looseObject({
        actions: opt(z.array(z.string())),
        notActions: opt(z.array(z.string())),
        dataActions: opt(z.array(z.string())),
        notDataActions: opt(z.array(z.string())),
      }),
    ),
  ),
});
export type RoleDefinition = z.infer<typeof roleDefinition>;

export const roleAssignment = z.looseObject({
  id: z.string(),
  scope: z.string(),
  roleDefinitionId: z.string(),
  principalId: z.string(),
  principalType: opt(z.string()),
  principalName: opt(z.string()),
  roleDefinitionName: opt(z.string()),
  condition: opt(z.string()),
  conditionVersion: opt(z.string()),
});
export type RoleAssignment = z.infer<typeof roleAssignment>;

const denyPrincipal = z.looseObject({ id: z.string(), type: opt(z.string()) });
export const denyAssignment = z.looseObject({
  id: z.string(),
  denyAssignmentName: opt(z.string()),
  scope: opt(z.string()),
  doNotApplyToChildScopes: opt(z.boolean()),
  permissions: opt(
    z.array(z.looseObject({ actions: opt(z.array(z.string())), notActions: opt(z.array(z.string())) })),
  ),
  principals: opt(z.array(denyPrincipal)),
  excludePrincipals: opt(z.array(denyPrincipal)),
  condition: opt(z.string()),
  isSystemProtected: opt(z.boolean()),
});
export type DenyAssignment = z.infer<typeof denyAssignment>;

export const groupMember = z.looseObject({
  id: z.string(),
  '@odata.type': opt(z.string()),
  userPrincipalName: opt(z.string()),
  displayName: opt(z.string()),
  appId: opt(z.string()),
  servicePrincipalType: opt(z.string()),
});

export const pricing = z.looseObject({
  id: opt(z.string()),
  name: z.string(),
  pricingTier: opt(z.string()),
  subPlan: opt(z.string()),
});

export const policyAssignment = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  displayName: opt(z.string()),
  policyDefinitionId: z.string(),
  scope: opt(z.string()),
  notScopes: opt(z.array(z.string())),
  enforcementMode: opt(z.string()),
  parameters: opt(z.record(z.string(), z.unknown())),
});

export const policyDefinition = z.looseObject({
  id: opt(z.string()),
  name: z.string(),
  displayName: opt(z.string()),
  policyRule: opt(z.unknown()),
  parameters: opt(z.record(z.string(), z.unknown())),
  policyDefinitions: opt(
    z.array(
      z.looseObject({ policyDefinitionId: z.string(), parameters: opt(z.record(z.string(), z.unknown())) }),
    ),
  ),
});

export const scheduledAction = z.looseObject({
  id: z.string(),
  name: opt(z.string()),
  kind: opt(z.string()),
  displayName: opt(z.string()),
  status: opt(z.string()),
  scope: opt(z.string()),
  notification: opt(z.looseObject({ to: opt(z.array(z.string())) })),
});

export const dnsResolverPolicy = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: opt(z.string()),
});
export const dnsResolverPolicyLink = z.looseObject({
  id: opt(z.string()),
  virtualNetwork: opt(ref),
});

export const managementGroup = z.looseObject({
  id: opt(z.string()),
  name: z.string(),
  type: opt(z.string()),
  children: opt(z.array(z.unknown())),
});
