/** A noun in its two forms, as reasons use it ("security group" / "security groups"). */
export interface Noun {
  one: string;
  many: string;
}

/** How to fix a control's failure in one cloud: words, and snippets to run or apply (as Prowler's check metadata has them). */
export interface Remediation {
  text: string;
  cli?: string;
  terraform?: string;
  /** The cloud's own documentation for the fix. */
  url?: string;
}

/**
 * The words one cloud uses for the model's concepts. Shared code (controls, detection, reports) speaks
 * through these, so no cloud's service names appear outside its own folder.
 */
export interface Vocabulary {
  /** The cloud's display name: AWS, Azure, Google Cloud. */
  cloud: string;
  /** account / subscription / project. */
  scope: Noun;
  /** region / location. */
  region: Noun;
  /** The control-plane audit log: trail / diagnostic setting / log sink. */
  trail: Noun;
  /** One that records every scope of the organization, and one that records every region. */
  trailKinds: { organization: string; allRegions: string };
  network: Noun;
  subnet: Noun;
  instance: Noun;
  /** Auto Scaling group / scale set / managed instance group. */
  group: Noun;
  /** Egress rule sets by level: security group and network ACL; NSG; firewall rule. */
  firewall: { interface: Noun; subnet: Noun; network: Noun };
  /** The managed threat detector: GuardDuty / Defender for Servers / VM Threat Detection. */
  threatDetector: string;
  /** What a detector that exists but does not watch is: "suspended", "on the Free tier", "disabled". */
  detectorOff: string;
  /** A CPU alarm: alarm / metric alert / alert policy. */
  alarm: Noun;
  /**
   * When the cloud keeps the control-plane log itself but nobody exports it, what that means (Azure: the
   * platform keeps the Activity Log 90 days and alerts on nothing); absent where the cloud's own log is queryable.
   */
  platformAuditOnly?: string;
  /** How each kind or type of principal is named at the start of a sentence, where it differs from the default. */
  principalWords: Readonly<Record<string, string>>;
  /** A spend-anomaly monitor: an anomaly monitor / an anomaly alert / a budget. */
  costMonitor: Noun;
  /** What makes a spend monitor reach a person: an alert subscription, recipients, a notification. */
  costAlert: string;
  /** What logs the DNS queries of a network: resolver query logging, a DNS security policy, a DNS server policy. */
  dnsLogging: string;
  /** The flow-log fields that name where traffic went. */
  flowDestinationFields: string;
  /** The organization above the scopes. */
  organization: {
    /** The scope that runs the organization, where organization-wide settings live. */
    managementScope: string;
    /** The grouping levels between the root and a scope: organizational unit / management group / folder. */
    unit: Noun;
    /** Organization-wide spend monitors live in the management scope (AWS); elsewhere they are collected per scope. */
    costMonitorsAtManagement: boolean;
  };
  /** The API calls whose absence leaves a fact unknown, named as the cloud names them. */
  sources: { prefixListEntries: string; organizationParents: string };
  /** Preventive policy above the scope: service control policy / policy assignment / organization policy. */
  guardrail: Noun;
  /** Resource types of findings: a whole scope, one region of it, and the resources controls name. */
  types: {
    scope: string;
    region: string;
    network: string;
    firewall: string;
    instance: string;
    /** A network interface (ENI, NIC). */
    interface: string;
    /** By the model's principal types (user, role, group, service-account, …). */
    principal: Readonly<Record<string, string>>;
  };
  /** What the operator can do about each control's failure; keys are control ids. */
  remediation: Readonly<Record<string, Remediation>>;
}

/** "security group" → "Security group", for the start of a sentence. */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The singular or plural of a noun for a count. */
export function counted(noun: Noun, n: number): string {
  return n === 1 ? noun.one : noun.many;
}
