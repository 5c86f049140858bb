import { count } from '../src/risk/words.js';

/** One plain sentence per control for the scorecard: what the gap lets a miner do, for n resources. */
export const riskHeadline: Record<string, (n: number) => string> = {
  'audit-logging': (n) =>
    `Nobody records who launches instances in ${count(n, 'region')}: a miner's launch would leave no trail.`,
  'audit-retention': (n) =>
    `Audit logs of ${count(n, 'trail')} are deleted sooner than the policy requires: a late investigation finds nothing.`,
  'flow-logging': (n) =>
    `${count(n, 'network has', 'networks have')} no flow logs: traffic to mining pools would go unseen.`,
  'flow-retention': (n) =>
    `Flow logs of ${count(n, 'network')} are kept too briefly to trace where a miner sent its hashes.`,
  'metric-logging': (n) =>
    `The CPU of ${count(n, 'instance')} is not watched: a miner's flat-out CPU would alert nobody.`,
  'dns-logging': (n) =>
    `${count(n, 'network does', 'networks do')} not log DNS queries: look-ups of mining-pool names are invisible.`,
  'creation-permissions': (n) =>
    `${count(n, 'principal')} outside the approved list can launch instances: one stolen credential starts miners.`,
  'creation-guardrails': (n) =>
    `Nothing limits instance types or regions in ${count(n, 'scope')}: GPU fleets can appear in regions nobody watches.`,
  'egress-restriction': (n) =>
    `${count(n, 'firewall rule set lets', 'firewall rule sets let')} instances reach mining pools on the internet.`,
  'threat-detection': (n) =>
    `Managed threat detection is off in ${count(n, 'region')}: its built-in crypto-mining alerts cannot fire.`,
  'cost-anomaly': (n) =>
    `No cost-anomaly alert covers ${count(n, 'scope')}: a mining bill would be found at month end.`,
  'ownership-tagging': (n) =>
    `${count(n, 'instance has', 'instances have')} no owner: nobody would question a miner among them.`,
};
