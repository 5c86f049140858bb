import { z } from 'zod';

/** What gcloud prints for each command (the REST resources), checked loosely: unknown fields pass through. */
const str = z.string();
const opt = <T extends z.ZodType>(t: T) => t.nullish();
const list = <T extends z.ZodType>(t: T) => z.array(t).nullish();

export const ancestorsSchema = z.array(z.looseObject({ id: z.coerce.string(), type: str }));

export const projectSchema = z.looseObject({
  projectId: opt(str),
  projectNumber: opt(z.coerce.string()),
  name: opt(str),
  displayName: opt(str),
  lifecycleState: opt(str),
  state: opt(str),
  labels: opt(z.record(str, str)),
});

export const bindingSchema = z.looseObject({
  role: str,
  members: list(str),
  condition: opt(z.looseObject({ title: opt(str), description: opt(str), expression: opt(str) })),
});
export type Binding = z.infer<typeof bindingSchema>;
export const iamPolicySchema = z.looseObject({ version: opt(z.number()), bindings: list(bindingSchema) });
export type IamPolicy = z.infer<typeof iamPolicySchema>;

export const roleSchema = z.looseObject({
  name: str,
  title: opt(str),
  includedPermissions: list(str),
  stage: opt(str),
  deleted: opt(z.boolean()),
});

export const serviceAccountSchema = z.looseObject({
  email: str,
  name: opt(str),
  disabled: opt(z.boolean()),
  displayName: opt(str),
});

const accessConfig = z.looseObject({ natIP: opt(str), externalIpv6: opt(str), type: opt(str) });
export const instanceSchema = z.looseObject({
  id: z.coerce.string(),
  name: str,
  zone: str,
  status: opt(str),
  machineType: opt(str),
  creationTimestamp: opt(str),
  selfLink: opt(str),
  labels: opt(z.record(str, str)),
  tags: opt(z.looseObject({ items: list(str) })),
  serviceAccounts: list(z.looseObject({ email: opt(str), scopes: list(str) })),
  networkInterfaces: list(
    z.looseObject({
      name: opt(str),
      network: opt(str),
      subnetwork: opt(str),
      networkIP: opt(str),
      ipv6Address: opt(str),
      accessConfigs: list(accessConfig),
      ipv6AccessConfigs: list(accessConfig),
    }),
  ),
  metadata: opt(z.looseObject({ items: list(z.looseObject({ key: str, value: opt(str) })) })),
  guestAccelerators: list(z.looseObject({ acceleratorCount: opt(z.number()), acceleratorType: opt(str) })),
});
export type Instance = z.infer<typeof instanceSchema>;

export const instanceGroupManagerSchema = z.looseObject({
  name: str,
  zone: opt(str),
  region: opt(str),
  selfLink: opt(str),
  targetSize: opt(z.number()),
  instanceTemplate: opt(str),
});

export const networkSchema = z.looseObject({
  name: str,
  selfLink: opt(str),
  IPv4Range: opt(str),
  autoCreateSubnetworks: opt(z.boolean()),
  networkFirewallPolicyEnforcementOrder: opt(str),
});

export const subnetworkSchema = z.looseObject({
  name: str,
  region: str,
  network: str,
  selfLink: opt(str),
  ipCidrRange: opt(str),
  secondaryIpRanges: list(z.looseObject({ ipCidrRange: opt(str) })),
  enableFlowLogs: opt(z.boolean()),
  logConfig: opt(
    z.looseObject({
      enable: opt(z.boolean()),
      flowSampling: opt(z.number()),
      filterExpr: opt(str),
      metadata: opt(str),
      metadataFields: list(str),
      aggregationInterval: opt(str),
    }),
  ),
  purpose: opt(str),
});
export type Subnetwork = z.infer<typeof subnetworkSchema>;

const portList = list(str);
export const firewallSchema = z.looseObject({
  name: str,
  network: str,
  selfLink: opt(str),
  priority: opt(z.number()),
  direction: opt(str),
  disabled: opt(z.boolean()),
  allowed: list(z.looseObject({ IPProtocol: str, ports: portList })),
  denied: list(z.looseObject({ IPProtocol: str, ports: portList })),
  destinationRanges: list(str),
  targetTags: list(str),
  targetServiceAccounts: list(str),
});
export type VpcFirewallRule = z.infer<typeof firewallSchema>;

export const firewallPolicyRuleSchema = z.looseObject({
  priority: z.number(),
  direction: opt(str),
  action: str,
  disabled: opt(z.boolean()),
  match: opt(
    z.looseObject({
      destIpRanges: list(str),
      destFqdns: list(str),
      destThreatIntelligences: list(str),
      destRegionCodes: list(str),
      destAddressGroups: list(str),
      layer4Configs: list(z.looseObject({ ipProtocol: str, ports: portList })),
    }),
  ),
  targetResources: list(str),
  targetServiceAccounts: list(str),
  targetSecureTags: list(z.looseObject({ name: opt(str) })),
});
export type FirewallPolicyRule = z.infer<typeof firewallPolicyRuleSchema>;
export const firewallPolicySchema = z.looseObject({
  name: str,
  id: opt(z.coerce.string()),
  shortName: opt(str),
  displayName: opt(str),
  selfLink: opt(str),
  parent: opt(str),
  associations: list(z.looseObject({ attachmentTarget: opt(str), name: opt(str) })),
  rules: list(firewallPolicyRuleSchema),
});
export type FirewallPolicy = z.infer<typeof firewallPolicySchema>;

export const routeSchema = z.looseObject({
  name: str,
  network: str,
  destRange: opt(str),
  priority: opt(z.number()),
  tags: list(str),
  nextHopGateway: opt(str),
  nextHopInstance: opt(str),
  nextHopIp: opt(str),
  nextHopIlb: opt(str),
  nextHopVpnTunnel: opt(str),
  nextHopPeering: opt(str),
  nextHopNetwork: opt(str),
  selfLink: opt(str),
});

export const routerSchema = z.looseObject({
  name: str,
  region: str,
  network: str,
  selfLink: opt(str),
  nats: list(
    z.looseObject({
      name: str,
      sourceSubnetworkIpRangesToNat: opt(str),
      subnetworks: list(z.looseObject({ name: str })),
    }),
  ),
});

export const sinkSchema = z.looseObject({
  name: str,
  destination: str,
  filter: opt(str),
  disabled: opt(z.boolean()),
  includeChildren: opt(z.boolean()),
  exclusions: list(z.looseObject({ filter: opt(str), disabled: opt(z.boolean()) })),
});
export type Sink = z.infer<typeof sinkSchema>;

export const bucketSchema = z.looseObject({
  name: str,
  retentionDays: opt(z.number()),
  locked: opt(z.boolean()),
  lifecycleState: opt(str),
});

export const dnsPolicySchema = z.looseObject({
  name: str,
  id: opt(z.coerce.string()),
  enableLogging: opt(z.boolean()),
  networks: list(z.looseObject({ networkUrl: opt(str) })),
});

export const alertPolicySchema = z.looseObject({
  name: str,
  displayName: opt(str),
  enabled: opt(z.union([z.boolean(), z.looseObject({ value: opt(z.boolean()) })])),
  notificationChannels: list(str),
  conditions: list(
    z.looseObject({
      displayName: opt(str),
      conditionThreshold: opt(z.looseObject({ filter: opt(str) })),
      conditionAbsent: opt(z.looseObject({ filter: opt(str) })),
      conditionMonitoringQueryLanguage: opt(z.looseObject({ query: opt(str) })),
      conditionPrometheusQueryLanguage: opt(z.looseObject({ query: opt(str) })),
    }),
  ),
});
export type AlertPolicy = z.infer<typeof alertPolicySchema>;

const orgRule = z.looseObject({
  allowAll: opt(z.boolean()),
  denyAll: opt(z.boolean()),
  enforce: opt(z.boolean()),
  values: opt(z.looseObject({ allowedValues: list(str), deniedValues: list(str) })),
  condition: opt(z.looseObject({ expression: opt(str) })),
});
export const orgPolicySchema = z.looseObject({
  name: str,
  spec: opt(
    z.looseObject({ rules: list(orgRule), inheritFromParent: opt(z.boolean()), reset: opt(z.boolean()) }),
  ),
});
export type OrgPolicy = z.infer<typeof orgPolicySchema>;

export const customConstraintSchema = z.looseObject({
  name: str,
  resourceTypes: list(str),
  condition: opt(str),
  actionType: opt(str),
  displayName: opt(str),
});

export const sccServiceSchema = z.looseObject({
  name: str,
  intendedEnablementState: opt(str),
  effectiveEnablementState: opt(str),
});

export const billingInfoSchema = z.looseObject({
  billingAccountName: opt(str),
  billingEnabled: opt(z.boolean()),
});

export const budgetSchema = z.looseObject({
  name: str,
  displayName: opt(str),
  budgetFilter: opt(z.looseObject({ projects: list(str), resourceAncestors: list(str) })),
  thresholdRules: list(z.looseObject({ thresholdPercent: opt(z.number()) })),
  notificationsRule: opt(
    z.looseObject({
      pubsubTopic: opt(str),
      monitoringNotificationChannels: list(str),
      disableDefaultIamRecipients: opt(z.boolean()),
    }),
  ),
});

export const organizationSchema = z.looseObject({ name: str, displayName: opt(str) });
export const folderSchema = z.looseObject({ name: str, displayName: opt(str), parent: opt(str) });

/** `gcloud identity groups memberships list --group-email=G` (read when present; not collected by default). */
export const membershipSchema = z.looseObject({
  preferredMemberKey: z.looseObject({ id: str }),
  type: opt(str),
});

export const arrayOf = <T extends z.ZodType>(t: T) => z.array(t);
