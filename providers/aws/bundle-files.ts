import type { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { EvidenceRef } from '../../src/model/evidence.js';
import type { CollectionGap, Domain } from '../../src/model/gap.js';
import { isObject } from '../../src/text/is-object.js';
import { gapKind } from './error-kinds.js';

/** `aws/<account>/<region|global>/<service>/<Operation>.json`, or `<Operation>/<key>.json` per resource. */
export function awsPath(
  account: string,
  region: string,
  service: string,
  operation: string,
  key?: string,
): string {
  const base = `aws/${account}/${region}/${service}/${operation}`;
  return key === undefined ? `${base}.json` : `${base}/${encodeKey(key)}.json`;
}

/** Resource names become file names: a trail ARN becomes its name; unsafe characters are percent-encoded. */
export function encodeKey(key: string): string {
  const name = key.startsWith('arn:') ? (key.split(':').slice(5).join(':').split('/').pop() ?? key) : key;
  return name.replace(/[^A-Za-z0-9._-]/g, (c) =>
    encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}

export type OperationRead =
  | { kind: 'ok'; path: string; data: Record<string, unknown>; ref: (pointer?: string) => EvidenceRef }
  | { kind: 'error'; path: string; code: string; message: string; ref: (pointer?: string) => EvidenceRef }
  | { kind: 'missing'; path: string };

/** Reads one operation's output from an AWS bundle: CLI shape, SDK shape, or an array of pages. */
export class AwsFiles {
  constructor(
    readonly bundle: EvidenceBundle,
    /** Told of every operation output read, so what was looked at can be cited even when it listed nothing. */
    private readonly onRead?: (account: string, region: string, api: string, ref: EvidenceRef) => void,
  ) {}

  accounts(): string[] {
    const set = new Set<string>();
    for (const p of this.bundle.paths()) {
      const m = /^aws\/([^/]+)\//.exec(p);
      if (m?.[1]) set.add(m[1]);
    }
    return [...set].sort();
  }

  /** Every region folder of an account (excluding `global`), whatever it holds. */
  regionFolders(account: string): string[] {
    return this.regionsWhere(account, () => true);
  }

  /**
   * Regions where the account was collected: a folder holding only S3 bucket files (a log bucket filed under
   * its own region) does not make the region collected.
   */
  regions(account: string): string[] {
    return this.regionsWhere(account, (service) => service !== 's3api');
  }

  private regionsWhere(account: string, counts: (service: string) => boolean): string[] {
    const set = new Set<string>();
    const prefix = `aws/${account}/`;
    for (const p of this.bundle.paths()) {
      if (!p.startsWith(prefix)) continue;
      const [region, service, rest] = p.slice(prefix.length).split('/');
      if (region && region !== 'global' && service && rest !== undefined && counts(service)) set.add(region);
    }
    return [...set].sort();
  }

  /** Keys present for a per-resource operation (file names without `.json`), decoded. */
  keys(account: string, region: string, service: string, operation: string): string[] {
    const prefix = `aws/${account}/${region}/${service}/${operation}/`;
    return this.bundle
      .paths()
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => p.slice(prefix.length).replace(/(\.error)?\.json$/, ''))
      .map((k) => decodeURIComponent(k));
  }

  read(account: string, region: string, service: string, operation: string, key?: string): OperationRead {
    const read = this.readPath(awsPath(account, region, service, operation, key), `${service}:${operation}`);
    if (read.kind === 'ok') this.onRead?.(account, region, `${service}:${operation}`, read.ref());
    return read;
  }

  /** Reads `<path>` (or its `.error.json` sibling) as the output of `api`, pages merged; cut-short listings are errors. */
  readPath(path: string, api: string): OperationRead {
    const errorPath = path.replace(/\.json$/, '.error.json');
    if (this.bundle.has(path)) {
      const parsed = this.bundle.readJson(path);
      if (!parsed.ok) {
        return {
          kind: 'error',
          path,
          code: 'Unreadable',
          message: `${path} line ${parsed.problem.line}: ${parsed.problem.reason}`,
          ref: (p) => this.bundle.ref(path, api, p),
        };
      }
      const token = unfinishedPaging(parsed.value);
      if (token) {
        // A listing cut short could hide the one trail, flow log or instance that matters: not judged as complete.
        const reason = `the saved ${api} output ends with ${token}: later pages were not saved, so the listing is incomplete`;
        this.bundle.report({ file: path, reason });
        return {
          kind: 'error',
          path,
          code: 'Truncated',
          message: reason,
          ref: (p) => this.bundle.ref(path, api, p),
        };
      }
      const data = mergePages(parsed.value);
      if (!data) {
        this.bundle.report({
          file: path,
          reason: `not the output of ${api}: expected a JSON object or an array of pages`,
        });
        return {
          kind: 'error',
          path,
          code: 'WrongShape',
          message: `${path} is not the output of ${api}`,
          ref: (p) => this.bundle.ref(path, api, p),
        };
      }
      return { kind: 'ok', path, data, ref: (p) => this.bundle.ref(path, api, p) };
    }
    if (this.bundle.has(errorPath)) {
      const parsed = this.bundle.readJson(errorPath);
      const body = parsed.ok && isObject(parsed.value) ? parsed.value : {};
      const code = typeof body.Code === 'string' ? body.Code : 'UnknownError';
      const message = typeof body.Message === 'string' ? body.Message : 'the call failed';
      return {
        kind: 'error',
        path: errorPath,
        code,
        message,
        ref: (p) => this.bundle.ref(errorPath, api, p),
      };
    }
    return { kind: 'missing', path };
  }

  /** A gap record for a read that did not succeed. */
  gap(
    account: string,
    region: string,
    domain: Domain,
    read: Exclude<OperationRead, { kind: 'ok' }>,
    what: string,
  ): CollectionGap {
    if (read.kind === 'missing') {
      return {
        provider: 'aws',
        scope: account,
        region,
        domain,
        kind: 'missing',
        reason: `${what} was not collected (${read.path} is absent)`,
        evidence: [],
      };
    }
    const kind = gapKind(read.code);
    const verb =
      kind === 'denied'
        ? 'access was denied'
        : kind === 'unsupported'
          ? 'the region or service is not available'
          : 'the call failed';
    return {
      provider: 'aws',
      scope: account,
      region,
      domain,
      kind,
      reason: `${what} could not be read: ${verb} (${read.code}: ${truncate(read.message)})`,
      evidence: [read.ref()],
    };
  }
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

export { isObject };

/** Page tokens of the services rigsight reads (CE uses NextPageToken, S3 and IAM markers). */
const pageTokens = new Set([
  'NextToken',
  'nextToken',
  'NextPageToken',
  'Marker',
  'NextMarker',
  'IsTruncated',
]);

/** One object with every list concatenated across pages; SDK `$metadata` and page tokens dropped. */
export function mergePages(value: unknown): Record<string, unknown> | undefined {
  const pages = Array.isArray(value) ? value : [value];
  if (pages.length === 0 || !pages.every(isObject)) return undefined;
  const out: Record<string, unknown> = {};
  for (const page of pages as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(page)) {
      if (k === '$metadata' || pageTokens.has(k)) continue;
      const prev = out[k];
      out[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : prev === undefined ? v : prev;
    }
  }
  return out;
}

/**
 * The token that says more pages exist, when the last saved page still carries one: the CLI prints `NextToken`
 * only under `--max-items`/`--no-paginate`, and an SDK dump ends on a page without it, so a token left on the
 * last page means the listing was cut short.
 */
export function unfinishedPaging(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  if (!isObject(last)) return undefined;
  if (last.IsTruncated === true) return 'IsTruncated';
  for (const k of ['NextToken', 'nextToken', 'NextPageToken', 'NextMarker'])
    if (typeof last[k] === 'string' && last[k] !== '') return k;
  return undefined;
}
