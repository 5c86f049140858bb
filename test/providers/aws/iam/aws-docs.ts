/** The AWS documentation each evaluation rule is tested against (section titles as AWS names them). */
export const DOC = {
  denyAllow:
    'IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or deny access" — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
  singleAccount:
    'IAM User Guide, "Policy evaluation for requests within a single account" — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html',
  identityVsResource:
    'IAM User Guide, "Policy evaluation logic: Evaluating identity-based policies with resource-based policies" (role trust policies are an exception) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
  crossAccount:
    'IAM User Guide, "Cross-account policy evaluation logic" — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
  action:
    'IAM User Guide, "IAM JSON policy elements: Action" (prefix and action name are case insensitive; * and ? wildcards) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
  notAction:
    'IAM User Guide, "IAM JSON policy elements: NotAction" (NotAction with Allow / with Deny) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
  resource:
    'IAM User Guide, "IAM JSON policy elements: Resource" (names are case sensitive; wildcards in ARN segments) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
  notResource:
    'IAM User Guide, "IAM JSON policy elements: NotResource" — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
  boundaries:
    'IAM User Guide, "Permissions boundaries for IAM entities" (only what both identity policy and boundary allow) — https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  scpAllow:
    'Organizations User Guide, "SCP evaluation: How SCPs work with Allow" (an Allow at every level from the root to the account) — https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html#how_scps_allow',
  scpDeny:
    'Organizations User Guide, "SCP evaluation: How SCPs work with Deny" — https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html#how_scps_deny',
  scpManagement:
    'Organizations User Guide, "Service control policies (SCPs)": SCPs do not affect users or roles in the management account — https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
  conditionLogic:
    'IAM User Guide, "Conditions with multiple context keys or values" (operators AND, values OR, negated operators NOR) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html',
  conditionOperators:
    'IAM User Guide, "IAM JSON policy elements: Condition operators" (ARN operators compare each segment; ...IfExists) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  policyVariables:
    'IAM User Guide, "IAM policy elements: Variables and tags" — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  runInstances:
    'EC2 User Guide, "Example policies to control access the Amazon EC2 API: Launch instances (RunInstances)" — https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html#iam-example-runinstances',
  principal:
    'IAM User Guide, "AWS JSON policy elements: Principal" (AWS account principals delegate to the account; * ; federated; service principals) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  assumeRoleApi:
    'STS API Reference, "AssumeRole": in the same account, attach a policy to the user or add the user as a principal in the trust policy — https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
  updateTrust:
    'IAM User Guide, "Update a role trust policy", Notes: a user named in the trust policy still needs its permissions boundary to allow sts:AssumeRole — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
  passRole:
    'IAM User Guide, "Grant a user permissions to pass a role to an AWS service" — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
  defaultVersion:
    'IAM User Guide, "Versioning IAM policies": the default version defines the permissions — https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html',
  credentialReport:
    'IAM User Guide, "Generate credential reports for your AWS account" (access_key_N_active) — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  scpRegionExample:
    'Organizations User Guide, "General examples: Deny access to AWS based on the requested AWS Region" (NotAction global services, StringNotEquals aws:RequestedRegion, ArnNotLike aws:PrincipalARN exempts administrator roles) — https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html',
  scpInstanceTypeExample:
    'Organizations User Guide, "Example SCPs for Amazon EC2: Require Amazon EC2 instances to use a specific type" (Deny ec2:RunInstances on instance/* with StringNotEquals ec2:InstanceType) — https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_ec2.html',
  scpCloudTrailExample:
    'Organizations User Guide, "Example SCPs for AWS CloudTrail: Prevent users from disabling AWS CloudTrail" (Deny cloudtrail:StopLogging) — https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_cloudtrail.html',
  missingKey:
    'IAM User Guide, "IAM JSON policy elements: Condition operators": a key absent from the request fails the condition, except negated operators (StringNotEquals, ArnNotLike, …), which then hold; ...IfExists holds when the key is absent — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  setOperators:
    'IAM User Guide, "Multivalued context keys": ForAllValues holds when the key is absent or every value matches; ForAnyValue needs at least one matching value — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
  principalTag:
    'IAM User Guide, "AWS global condition context keys: aws:PrincipalTag/tag-key" (present for each tag attached to the IAM user or role) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag',
  sessionTags:
    'IAM User Guide, "Pass session tags in AWS STS": session tags (and transitive tags in a role chain) add to or override the role\'s tags, and need sts:TagSession in the role\'s trust policy — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html',
  rootUser:
    'IAM User Guide, "How AWS enforcement code logic evaluates requests": all requests are implicitly denied except for the account root user — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
} as const;
