import { adapterFor } from '../../providers/index.js';
import type { Inventory } from '../model/inventory.js';
import type { Provider } from '../model/provider.js';
import type { BindingSignal } from './signals.js';

/** Instance ids as rigsight keys them: as each cloud compares them (ARM ids are case-insensitive). */
export function instanceKey(provider: Provider, id: string): string {
  const normalize = adapterFor(provider).detect.instanceKey;
  return `${provider}|${normalize ? normalize(id) : id}`;
}

// `att:` is an interface known only by the attachment that names it, until a start record ties it to a workload.
const ENDPOINT = /^(eni|mac|ip|nic|vm|att):/;

export function isEndpoint(id: string): boolean {
  return ENDPOINT.test(id);
}

/** MAC addresses appear as `00224871C205`, `00-22-48-…` or `00:22:48:…`: one spelling for endpoint keys. */
export function macKey(mac: string): string {
  return mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

/**
 * Ties network interfaces and VM aliases to instances. Flows are joined by interface (ENI id, NIC MAC
 * or NIC id, a private IP only within its own network, GCP project/zone/name), never by a bare IP.
 */
export class InstanceDirectory {
  private readonly links = new Map<string, string>();
  private readonly scopes = new Map<string, string>();
  private readonly networks = new Map<string, string>();
  private readonly subnets = new Map<string, string>();
  /** Every endpoint that belongs to an instance, for coverage. */
  private readonly endpointsOf = new Map<string, Set<string>>();

  link(
    provider: Provider,
    endpoint: string,
    target: string,
    scope?: string,
    networkId?: string,
    subnet?: string,
  ): void {
    const from = `${provider}|${endpoint}`;
    const to = isEndpoint(target) ? `${provider}|${target}` : instanceKey(provider, target);
    if (from === to) return;
    // First link wins: inventory is read before telemetry, and telemetry in file order.
    const existing = this.links.get(from);
    if (existing === undefined) this.links.set(from, to);
    else if (existing !== to) this.sibling(existing, to);
    if (scope && !this.scopes.has(from)) this.scopes.set(from, scope);
    if (networkId && !this.networks.has(from)) this.networks.set(from, networkId);
    if (subnet && !this.subnets.has(from)) this.subnets.set(from, subnet);
  }

  /**
   * One endpoint tied to two things names two names of one interface (a container group's private IP, which a
   * start record ties to it, and the MAC its flow records carry): the name tied to nothing follows the other.
   */
  private sibling(a: string, b: string): void {
    const endpoint = (key: string) => isEndpoint(key.slice(key.indexOf('|') + 1));
    if (endpoint(a) && !this.links.has(a)) this.links.set(a, b);
    else if (endpoint(b) && !this.links.has(b)) this.links.set(b, a);
  }

  addBinding(b: BindingSignal): void {
    this.link(b.provider, b.endpoint, b.instanceId, b.scope, b.networkId);
  }

  addInventory(inv: Inventory): void {
    for (const w of inv.workloads)
      for (const e of adapterFor(w.provider).detect.endpoints(w))
        this.link(w.provider, e.endpoint, w.id, w.scope, e.networkId, e.subnet);
  }

  /** The instance key an endpoint (or instance id) resolves to, following links; undefined if unbound. */
  resolve(provider: Provider, idOrEndpoint: string): string | undefined {
    let key = isEndpoint(idOrEndpoint) ? `${provider}|${idOrEndpoint}` : instanceKey(provider, idOrEndpoint);
    for (let hop = 0; hop < 6; hop++) {
      const next = this.links.get(key);
      if (!next) break;
      key = next;
    }
    const id = key.slice(key.indexOf('|') + 1);
    return isEndpoint(id) ? undefined : key;
  }

  networkOf(provider: Provider, endpoint: string): string | undefined {
    return this.networks.get(`${provider}|${endpoint}`);
  }

  /** Set only where flow logs are switched on per subnet. */
  subnetOf(provider: Provider, endpoint: string): string | undefined {
    return this.subnets.get(`${provider}|${endpoint}`);
  }

  scopeOf(provider: Provider, endpoint: string): string | undefined {
    return this.scopes.get(`${provider}|${endpoint}`);
  }

  /** Endpoints that resolve to each instance (computed once, after every link is known). */
  endpointsByInstance(): Map<string, Set<string>> {
    if (this.endpointsOf.size) return this.endpointsOf;
    for (const from of this.links.keys()) {
      const provider = from.slice(0, from.indexOf('|')) as Provider;
      const endpoint = from.slice(from.indexOf('|') + 1);
      if (!isEndpoint(endpoint)) continue;
      const owner = this.resolve(provider, endpoint);
      if (!owner) continue;
      let set = this.endpointsOf.get(owner);
      if (!set) {
        set = new Set();
        this.endpointsOf.set(owner, set);
      }
      set.add(from);
    }
    return this.endpointsOf;
  }
}
