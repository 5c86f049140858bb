import type { Domain } from '../../../src/model/gap.js';
import type { ArmClients } from './clients.js';
import type { Caller } from './credentials.js';
import type { GraphReader } from './graph.js';

/**
 * How a file is written: `list` as az prints a list (`[…]`), `value` as az prints a list wrapped by the
 * service (`{"value": […]}`), `arm` as `az rest --method get` prints ARM's own page shape (fields under
 * `properties`), `object` as az prints one resource.
 */
export type FileShape = 'list' | 'value' | 'arm' | 'object';

/** Where a call runs: once for the tenant, or once per subscription. */
export type Level = 'tenant' | 'subscription';

/** One per-resource call: the file key, its parameters, and the folder when it is not the caller's subscription. */
export interface KeyedCall {
  key: string;
  params: Record<string, string>;
  /** A storage account is read (and filed) under the subscription that owns it. */
  folder?: string;
}

export interface KeySource {
  /** The command whose successful output names the resources. */
  from: string;
  keys: (output: unknown, ctx: { subscription: string }) => KeyedCall[];
}

export interface RunContext {
  subscription: string;
  tenant: string;
  /** The cloud's name as az prints it (`AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`). */
  cloud: string;
  caller: Caller;
  clients: ArmClients;
  /** The clients of another subscription (a storage account or policy definition that lives there). */
  clientsFor(subscription: string): ArmClients;
  graph: GraphReader;
  /** The output of a command this one runs after (`after`), in the same subscription. */
  output(command: string): unknown;
}

/** A read the collector makes, as data: the engine runs it, the custom role is generated from it. */
export interface Declaration {
  /** The az command's words joined with `-`: the file name. */
  command: string;
  /** The az command line an auditor runs to make the same file by hand. */
  az: string;
  level: Level;
  domain: Domain;
  /** SDK operations (`client.group.method`) or REST GETs it makes: names start with list or get. */
  operations: string[];
  /** Azure RBAC actions the call needs (the custom role lists them). */
  actions: string[];
  /** Microsoft Graph application permissions the call needs (not grantable by an Azure role). */
  graphPermissions?: string[];
  shape: FileShape;
  /** Runs once these commands have finished in the same subscription (their outcome does not matter). */
  after?: string[];
  perKey?: KeySource[];
  /** Error codes that answer the question (kept as `.error.json`, not counted as failures). */
  answers?: string[];
  /** One answer serves every subscription (built-in definitions, group members): called once per run. */
  tenantWide?: (call: KeyedCall) => boolean;
  run(ctx: RunContext, call?: KeyedCall): Promise<unknown>;
}
