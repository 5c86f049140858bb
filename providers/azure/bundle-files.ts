import type { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { EvidenceRef } from '../../src/model/evidence.js';
import type { CollectionGap, Domain } from '../../src/model/gap.js';

/** `azure/<subscription>/<command>.json`, or `<command>/<key>.json` per resource (key percent-encoded). */
export function azurePath(folder: string, command: string, key?: string): string {
  const base = `azure/${folder}/${command}`;
  return key === undefined ? `${base}.json` : `${base}/${encodeKey(key)}.json`;
}

/** Tenant-level files: `azure/tenant/<tenantId>/<command>…`. */
export function tenantFolder(tenantId: string): string {
  return `tenant/${tenantId}`;
}

/** Resource names become file names; `/` in a nested key (workspace/table) keeps its folder. */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((part) =>
      part.replace(/[^A-Za-z0-9._~-]/g, (c) =>
        encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
      ),
    )
    .join('/');
}

export type CommandRead =
  | { kind: 'ok'; path: string; data: unknown; ref: (pointer?: string) => EvidenceRef }
  | { kind: 'error'; path: string; code: string; message: string; ref: (pointer?: string) => EvidenceRef }
  | { kind: 'missing'; path: string };

export const deniedCodes =
  /^(AuthorizationFailed|Forbidden|AuthenticationFailed|InvalidAuthenticationToken|LinkedAuthorizationFailed|Authorization_RequestDenied|AccessDenied|InsufficientAccountPermissions)$/i;
const unsupportedCodes =
  /^(SubscriptionNotRegistered|MissingSubscriptionRegistration|NoRegisteredProviderFound|InvalidResourceNamespace|FeatureNotSupported|NotSupported)$/i;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * ARM's wire shape nests a resource's fields under `properties`; the az CLI (and the SDKs) lift them to the
 * top. Readers accept both: every object with an id or name and a `properties` object is lifted, recursively.
 */
export function liftProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(liftProperties);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  const props = value.properties;
  const lift = isObject(props) && ('id' in value || 'name' in value || 'type' in value);
  for (const [k, v] of Object.entries(value)) {
    if (lift && k === 'properties') continue;
    out[k] = k === 'tags' ? v : liftProperties(v);
  }
  if (lift)
    for (const [k, v] of Object.entries(props as Record<string, unknown>))
      if (!(k in out)) out[k] = k === 'tags' ? v : liftProperties(v);
  return out;
}

/** A list as az prints it (`[…]`) or as ARM and `az rest` print it (`{"value": […]}`). */
export function listItems(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (isObject(data) && Array.isArray(data.value)) return data.value;
  return undefined;
}

/** Reads one `az` command's output from an Azure bundle. */
export class AzureFiles {
  constructor(readonly bundle: EvidenceBundle) {}

  /** Subscription folders: every folder under azure/ except the tenant one. */
  subscriptions(): string[] {
    const set = new Set<string>();
    for (const p of this.bundle.paths()) {
      const m = /^azure\/([^/]+)\/([^/]+)/.exec(p);
      if (!m?.[1] || m[1] === 'tenant') continue;
      // A storage account's lifecycle filed under its own subscription does not make that subscription collected.
      if (m[2]?.startsWith('storage-account-management-policy-show')) continue;
      set.add(m[1]);
    }
    return [...set].sort();
  }

  tenants(): string[] {
    const set = new Set<string>();
    for (const p of this.bundle.paths()) {
      const m = /^azure\/tenant\/([^/]+)\//.exec(p);
      if (m?.[1]) set.add(m[1]);
    }
    return [...set].sort();
  }

  /** Keys present for a per-resource command (file names without `.json`), decoded. */
  keys(folder: string, command: string): string[] {
    const prefix = `azure/${folder}/${command}/`;
    const out = new Set<string>();
    for (const p of this.bundle.paths()) {
      if (!p.startsWith(prefix)) continue;
      out.add(
        p
          .slice(prefix.length)
          .replace(/(\.error)?\.json$/, '')
          .split('/')
          .map(decodeURIComponent)
          .join('/'),
      );
    }
    return [...out].sort();
  }

  read(folder: string, command: string, key?: string): CommandRead {
    const path = azurePath(folder, command, key);
    const api = `az:${command}`;
    const errorPath = path.replace(/\.json$/, '.error.json');
    if (this.bundle.has(path)) {
      const parsed = this.bundle.readJson(path);
      if (!parsed.ok)
        return {
          kind: 'error',
          path,
          code: 'Unreadable',
          message: `${path} line ${parsed.problem.line}: ${parsed.problem.reason}`,
          ref: (p) => this.bundle.ref(path, api, p),
        };
      const next = isObject(parsed.value) ? parsed.value.nextLink : undefined;
      if (typeof next === 'string' && next !== '') {
        // `az rest` prints one page: a nextLink left in the file means the listing is incomplete.
        const reason = `the saved output of ${command} ends with a nextLink: later pages were not saved, so the listing is incomplete`;
        this.bundle.report({ file: path, reason });
        return {
          kind: 'error',
          path,
          code: 'Truncated',
          message: reason,
          ref: (p) => this.bundle.ref(path, api, p),
        };
      }
      return { kind: 'ok', path, data: parsed.value, ref: (p) => this.bundle.ref(path, api, p) };
    }
    if (this.bundle.has(errorPath)) {
      const parsed = this.bundle.readJson(errorPath);
      const body = parsed.ok && isObject(parsed.value) ? parsed.value : {};
      return {
        kind: 'error',
        path: errorPath,
        code: typeof body.Code === 'string' ? body.Code : 'UnknownError',
        message: typeof body.Message === 'string' ? body.Message : 'the call failed',
        ref: (p) => this.bundle.ref(errorPath, api, p),
      };
    }
    return { kind: 'missing', path };
  }

  gap(
    folder: string,
    region: string,
    domain: Domain,
    read: Exclude<CommandRead, { kind: 'ok' }>,
    what: string,
  ): CollectionGap {
    const base = { provider: 'azure', scope: folder, region, domain, api: `az:${commandOf(read.path)}` };
    if (read.kind === 'missing')
      return {
        ...base,
        kind: 'missing',
        reason: `${what} was not collected (${read.path} is absent)`,
        evidence: [],
      };
    const kind = deniedCodes.test(read.code)
      ? 'denied'
      : unsupportedCodes.test(read.code)
        ? 'unsupported'
        : 'error';
    const verb =
      kind === 'denied'
        ? 'access was denied'
        : kind === 'unsupported'
          ? 'the resource provider is not available'
          : 'the call failed';
    const message = read.message.length > 200 ? `${read.message.slice(0, 197)}...` : read.message;
    return {
      ...base,
      kind,
      reason: `${what} could not be read: ${verb} (${read.code}: ${message})`,
      evidence: [read.ref()],
    };
  }
}

function commandOf(path: string): string {
  return path.split('/')[2]?.replace(/(\.error)?\.json$/, '') ?? path;
}
