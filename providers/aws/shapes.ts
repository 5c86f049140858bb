import { z } from 'zod';

/** Output shapes of the AWS operations rigsight reads: only the fields it uses; everything else is kept. */
const str = z.string();
const opt = <T extends z.ZodType>(t: T) => t.optional().nullable();
const tags = opt(z.array(z.looseObject({ Key: str, Value: opt(str) })));
/** CLI prints ISO 8601; some SDK dumps and older CLIs give epoch seconds or milliseconds. */
export const timestamp = z.union([z.string(), z.number()]);

export const callerIdentity = z.looseObject({ Account: str, Arn: str, UserId: opt(str) });

export const describeRegions = z.looseObject({
  Regions: z.array(z.looseObject({ RegionName: str, OptInStatus: opt(str) })),
});

const groupIdentifier = z.looseObject({ GroupId: str, GroupName: opt(str) });
export const instance = z.looseObject({
  InstanceId: str,
  InstanceType: opt(str),
  ImageId: opt(str),
  LaunchTime: opt(timestamp),
  State: opt(z.looseObject({ Name: opt(str) })),
  Tags: tags,
  VpcId: opt(str),
  SubnetId: opt(str),
  PrivateIpAddress: opt(str),
  PublicIpAddress: opt(str),
  Monitoring: opt(z.looseObject({ State: opt(str) })),
  CpuOptions: opt(z.looseObject({ CoreCount: opt(z.number()), ThreadsPerCore: opt(z.number()) })),
  SecurityGroups: opt(z.array(groupIdentifier)),
  NetworkInterfaces: opt(
    z.array(
      z.looseObject({
        NetworkInterfaceId: str,
        InterfaceType: opt(str),
        SubnetId: opt(str),
        VpcId: opt(str),
        MacAddress: opt(str),
        PrivateIpAddress: opt(str),
        PrivateIpAddresses: opt(
          z.array(
            z.looseObject({
              PrivateIpAddress: opt(str),
              Association: opt(z.looseObject({ PublicIp: opt(str) })),
            }),
          ),
        ),
        Association: opt(z.looseObject({ PublicIp: opt(str) })),
        Ipv6Addresses: opt(z.array(z.looseObject({ Ipv6Address: opt(str) }))),
        Groups: opt(z.array(groupIdentifier)),
      }),
    ),
  ),
});
export const describeInstances = z.looseObject({
  Reservations: z.array(z.looseObject({ OwnerId: opt(str), Instances: z.array(instance) })),
});

export const describeVpcs = z.looseObject({
  Vpcs: z.array(
    z.looseObject({
      VpcId: str,
      OwnerId: opt(str),
      IsDefault: opt(z.boolean()),
      CidrBlock: opt(str),
      CidrBlockAssociationSet: opt(z.array(z.looseObject({ CidrBlock: opt(str) }))),
      Ipv6CidrBlockAssociationSet: opt(z.array(z.looseObject({ Ipv6CidrBlock: opt(str) }))),
      Tags: tags,
    }),
  ),
});

export const describeSubnets = z.looseObject({
  Subnets: z.array(
    z.looseObject({ SubnetId: str, VpcId: str, CidrBlock: opt(str), SubnetArn: opt(str), Tags: tags }),
  ),
});

export const describeRouteTables = z.looseObject({
  RouteTables: z.array(
    z.looseObject({
      RouteTableId: str,
      VpcId: str,
      Associations: opt(z.array(z.looseObject({ Main: opt(z.boolean()), SubnetId: opt(str) }))),
      Routes: opt(z.array(z.looseObject({}))),
      Tags: tags,
    }),
  ),
});

const ipPermission = z.looseObject({
  IpProtocol: z.union([str, z.number()]),
  FromPort: opt(z.number()),
  ToPort: opt(z.number()),
  IpRanges: opt(z.array(z.looseObject({ CidrIp: opt(str) }))),
  Ipv6Ranges: opt(z.array(z.looseObject({ CidrIpv6: opt(str) }))),
  PrefixListIds: opt(z.array(z.looseObject({ PrefixListId: opt(str) }))),
  UserIdGroupPairs: opt(z.array(z.looseObject({ GroupId: opt(str) }))),
});
export type IpPermission = z.infer<typeof ipPermission>;
export const describeSecurityGroups = z.looseObject({
  SecurityGroups: z.array(
    z.looseObject({
      GroupId: str,
      GroupName: opt(str),
      VpcId: opt(str),
      SecurityGroupArn: opt(str),
      IpPermissionsEgress: opt(z.array(ipPermission)),
    }),
  ),
});

export const describeManagedPrefixLists = z.looseObject({
  PrefixLists: z.array(
    z.looseObject({
      PrefixListId: str,
      PrefixListName: opt(str),
      OwnerId: opt(str),
      AddressFamily: opt(str),
    }),
  ),
});
export const managedPrefixListEntries = z.looseObject({
  Entries: z.array(z.looseObject({ Cidr: str, Description: opt(str) })),
});

export const describeNetworkAcls = z.looseObject({
  NetworkAcls: z.array(
    z.looseObject({
      NetworkAclId: str,
      VpcId: opt(str),
      IsDefault: opt(z.boolean()),
      Entries: opt(
        z.array(
          z.looseObject({
            RuleNumber: z.number(),
            Protocol: z.union([str, z.number()]),
            RuleAction: str,
            Egress: z.boolean(),
            CidrBlock: opt(str),
            Ipv6CidrBlock: opt(str),
            PortRange: opt(z.looseObject({ From: opt(z.number()), To: opt(z.number()) })),
          }),
        ),
      ),
      Associations: opt(z.array(z.looseObject({ SubnetId: opt(str) }))),
    }),
  ),
});

export const describeFlowLogs = z.looseObject({
  FlowLogs: z.array(
    z.looseObject({
      FlowLogId: str,
      FlowLogStatus: opt(str),
      ResourceId: str,
      TrafficType: opt(str),
      LogDestinationType: opt(str),
      LogDestination: opt(str),
      LogGroupName: opt(str),
      LogFormat: opt(str),
      DeliverLogsStatus: opt(str),
      DeliverLogsErrorMessage: opt(str),
      DestinationOptions: opt(
        z.looseObject({
          FileFormat: opt(str),
          HiveCompatiblePartitions: opt(z.boolean()),
          PerHourPartition: opt(z.boolean()),
        }),
      ),
    }),
  ),
});

export const describeTrails = z.looseObject({
  trailList: z.array(
    z.looseObject({
      Name: str,
      TrailARN: opt(str),
      HomeRegion: opt(str),
      IsMultiRegionTrail: opt(z.boolean()),
      IsOrganizationTrail: opt(z.boolean()),
      S3BucketName: opt(str),
      S3KeyPrefix: opt(str),
      CloudWatchLogsLogGroupArn: opt(str),
      HasCustomEventSelectors: opt(z.boolean()),
    }),
  ),
});
export const trailStatus = z.looseObject({ IsLogging: z.boolean(), LatestDeliveryError: opt(str) });
const fieldSelector = z.looseObject({
  Field: str,
  Equals: opt(z.array(str)),
  NotEquals: opt(z.array(str)),
  StartsWith: opt(z.array(str)),
  NotStartsWith: opt(z.array(str)),
  EndsWith: opt(z.array(str)),
  NotEndsWith: opt(z.array(str)),
});
export const eventSelectors = z.looseObject({
  EventSelectors: opt(
    z.array(
      z.looseObject({
        ReadWriteType: opt(str),
        IncludeManagementEvents: opt(z.boolean()),
        ExcludeManagementEventSources: opt(z.array(str)),
      }),
    ),
  ),
  AdvancedEventSelectors: opt(
    z.array(z.looseObject({ Name: opt(str), FieldSelectors: z.array(fieldSelector) })),
  ),
});
export type AdvancedFieldSelector = z.infer<typeof fieldSelector>;

export const describeLogGroups = z.looseObject({
  logGroups: z.array(
    z.looseObject({
      logGroupName: str,
      retentionInDays: opt(z.number()),
      arn: opt(str),
      logGroupClass: opt(str),
    }),
  ),
});

export const bucketLifecycle = z.looseObject({
  Rules: z.array(
    z.looseObject({
      ID: opt(str),
      Status: str,
      Prefix: opt(str),
      Filter: opt(z.looseObject({})),
      Expiration: opt(z.looseObject({ Days: opt(z.number()), Date: opt(timestamp) })),
    }),
  ),
});

export const describeAlarms = z.looseObject({
  MetricAlarms: opt(
    z.array(
      z.looseObject({
        AlarmName: str,
        AlarmArn: opt(str),
        ActionsEnabled: opt(z.boolean()),
        AlarmActions: opt(z.array(str)),
        Namespace: opt(str),
        MetricName: opt(str),
        Dimensions: opt(z.array(z.looseObject({ Name: str, Value: opt(str) }))),
        Metrics: opt(
          z.array(z.looseObject({ Id: opt(str), Expression: opt(str), MetricStat: opt(z.looseObject({})) })),
        ),
        ThresholdMetricId: opt(str),
      }),
    ),
  ),
  // Present only when collected with --alarm-types CompositeAlarm (MetricAlarm is the default).
  CompositeAlarms: opt(
    z.array(
      z.looseObject({
        AlarmName: str,
        AlarmArn: opt(str),
        ActionsEnabled: opt(z.boolean()),
        AlarmActions: opt(z.array(str)),
        AlarmRule: opt(str),
      }),
    ),
  ),
});

export const listDetectors = z.looseObject({ DetectorIds: z.array(str) });
export const getDetector = z.looseObject({
  Status: str,
  Features: opt(z.array(z.looseObject({ Name: opt(str), Status: opt(str) }))),
});

export const queryLogConfigs = z.looseObject({
  ResolverQueryLogConfigs: z.array(
    z.looseObject({
      Id: str,
      Name: opt(str),
      Arn: opt(str),
      DestinationArn: opt(str),
      Status: opt(str),
      OwnerId: opt(str),
    }),
  ),
});
export const queryLogAssociations = z.looseObject({
  ResolverQueryLogConfigAssociations: z.array(
    z.looseObject({ Id: opt(str), ResolverQueryLogConfigId: str, ResourceId: str, Status: opt(str) }),
  ),
});

export const anomalyMonitors = z.looseObject({
  AnomalyMonitors: z.array(
    z.looseObject({
      MonitorArn: opt(str),
      MonitorName: opt(str),
      MonitorType: opt(str),
      MonitorDimension: opt(str),
      MonitorSpecification: opt(z.union([z.looseObject({}), str])),
    }),
  ),
});
export const anomalySubscriptions = z.looseObject({
  AnomalySubscriptions: z.array(
    z.looseObject({
      SubscriptionName: opt(str),
      MonitorArnList: opt(z.array(str)),
      Subscribers: opt(z.array(z.looseObject({ Address: opt(str), Type: opt(str), Status: opt(str) }))),
    }),
  ),
});

export const describeAutoScalingGroups = z.looseObject({
  AutoScalingGroups: z.array(
    z.looseObject({
      AutoScalingGroupName: str,
      AutoScalingGroupARN: opt(str),
      Instances: opt(z.array(z.looseObject({ InstanceId: str }))),
      VPCZoneIdentifier: opt(str),
      DesiredCapacity: opt(z.number()),
      MaxSize: opt(z.number()),
      Tags: tags,
    }),
  ),
});

export const describeOrganization = z.looseObject({
  Organization: z.looseObject({ Id: str, MasterAccountId: opt(str), Arn: opt(str), FeatureSet: opt(str) }),
});
export const listAccounts = z.looseObject({
  Accounts: z.array(z.looseObject({ Id: str, Name: opt(str), Status: opt(str), State: opt(str) })),
});
export const listRoots = z.looseObject({
  Roots: z.array(
    z.looseObject({
      Id: str,
      Name: opt(str),
      PolicyTypes: opt(z.array(z.looseObject({ Type: opt(str), Status: opt(str) }))),
    }),
  ),
});
export const listParents = z.looseObject({ Parents: z.array(z.looseObject({ Id: str, Type: opt(str) })) });
export const listPolicies = z.looseObject({
  Policies: z.array(
    z.looseObject({ Id: str, Arn: opt(str), Name: opt(str), Type: opt(str), AwsManaged: opt(z.boolean()) }),
  ),
});
export const describePolicy = z.looseObject({
  Policy: z.looseObject({
    PolicySummary: z.looseObject({ Id: str, Arn: opt(str), Name: opt(str), Type: opt(str) }),
    Content: z.union([str, z.looseObject({})]),
  }),
});
export const listPoliciesForTargetShape = listPolicies;

/** service-quotas GetServiceQuota: the applied value of one quota (EC2 vCPU quotas count vCPUs). */
export const serviceQuota = z.looseObject({
  Quota: z.looseObject({ QuotaCode: str, QuotaName: opt(str), Value: opt(z.number()), Unit: opt(str) }),
});
