import type { Detection } from '../model/detection.js';
import type { Finding } from '../model/finding.js';
import type { Creator } from '../model/identity.js';
import { count } from './words.js';

export interface LikelihoodFactor {
  id: string;
  /** 0–1: the chance this factor alone lets a miner in. */
  weight: number;
  text: string;
}

const failing = (findings: readonly Finding[], control: string) =>
  findings.filter((f) => f.control === control && f.status === 'fail');

/** Every way a miner gets compute and a path to a pool, as weighted factors (docs/risk-model.md). */
export function likelihoodFactors(
  findings: readonly Finding[],
  creators: readonly Creator[],
  detections: readonly Detection[],
): LikelihoodFactor[] {
  const factors: LikelihoodFactor[] = [];
  const unapproved = creators.filter((c) => !c.approved);
  const external = unapproved.filter((c) => c.external);
  const internal = unapproved.filter((c) => !c.external);
  if (external.length > 0) {
    factors.push({
      id: 'external-creators',
      weight: 0.45,
      text: `${count(external.length, 'principal')} from outside the account can create compute without approval`,
    });
  }
  if (internal.length > 0) {
    factors.push({
      id: 'unapproved-creators',
      weight: Math.min(0.4, 0.15 + 0.05 * (internal.length - 1)),
      text: `${count(internal.length, 'principal')} outside the approved list can create compute`,
    });
  }
  const keyed = unapproved.filter((c) => c.longLivedKeys);
  if (keyed.length > 0) {
    factors.push({
      id: 'long-lived-keys',
      weight: 0.15,
      text: `${count(keyed.length, 'unapproved creator')} ${keyed.length === 1 ? 'holds' : 'hold'} long-lived access keys`,
    });
  }
  const creationFails = failing(findings, 'creation-permissions');
  if (creators.length === 0 && creationFails.length > 0) {
    factors.push({
      id: 'unapproved-creators',
      weight: Math.min(0.4, 0.15 + 0.05 * (creationFails.length - 1)),
      text: `${count(creationFails.length, 'principal')} outside the approved list can create compute`,
    });
  }
  const creationUnknown = findings.filter(
    (f) => f.control === 'creation-permissions' && f.status === 'unassessed',
  );
  if (creators.length === 0 && creationFails.length === 0 && creationUnknown.length > 0) {
    factors.push({
      id: 'unknown-creators',
      weight: 0.15,
      text: 'who can create compute is not known',
    });
  }
  const egress = failing(findings, 'egress-restriction');
  if (egress.length > 0) {
    const miningPorts = egress.some((f) => f.severity === 'critical');
    factors.push({
      id: 'open-egress',
      weight: miningPorts ? 0.4 : 0.3,
      text: `${count(egress.length, 'firewall rule set', 'firewall rule sets')} ${egress.length === 1 ? 'lets' : 'let'} instances reach the internet on all or mining ports`,
    });
  }
  const guardrails = failing(findings, 'creation-guardrails');
  if (guardrails.length > 0) {
    factors.push({
      id: 'missing-guardrails',
      weight: 0.2,
      text: `no guardrail limits instance creation in ${count(guardrails.length, 'scope')}`,
    });
  }
  const open = detections.filter((d) => !d.waiver && d.verdict !== 'benign-explained');
  if (open.length > 0) {
    const strong = open.some((d) => d.verdict === 'confirmed-mining' || d.verdict === 'likely-mining');
    factors.push({
      id: 'active-detections',
      weight: strong ? 0.9 : 0.3,
      text: `${count(open.length, 'instance')} ${open.length === 1 ? 'shows' : 'show'} mining activity under investigation`,
    });
  }
  return factors;
}

/** Noisy-OR: the chance at least one factor is used. */
export function likelihoodOf(factors: readonly LikelihoodFactor[]): number {
  return 1 - factors.reduce((p, f) => p * (1 - f.weight), 1);
}

export function likelihoodLevel(value: number): 'low' | 'medium' | 'high' {
  return value >= 0.6 ? 'high' : value >= 0.3 ? 'medium' : 'low';
}
