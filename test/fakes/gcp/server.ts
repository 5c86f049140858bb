import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeBigQuery } from '../pushdown/bigquery.js';
import type { FakeEstate, FakeProject, Json } from './estate.js';
import { auditEntriesPage, liveFindingsPage, timeSeriesPage } from './live.js';

export interface FakeGoogleOptions {
  /** Items per page of every list (the API may return fewer than asked). Default 2, so paging is exercised. */
  pageSize?: number;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Answer the first `times` calls whose path matches with this status (429 or 503), then serve normally. */
  faults?: { path: RegExp; status: 429 | 503; times: number }[];
  /** Bearer token the fake accepts; anything else is 401. */
  token?: string;
  /** Also accept a self-signed JWT issued by this service account (what ADC sends for a key file). */
  jwtIssuer?: string;
  /** Keep every request in `requests` (default true; the benchmark turns it off). */
  record?: boolean;
  /** Answers BigQuery calls (the flow leg pushed down), when a test attaches one. */
  bigquery?: FakeBigQuery;
}

export interface RequestLog {
  method: string;
  path: string;
  authorization: string | undefined;
  /** When it arrived (performance.now()). */
  at: number;
}

export interface FakeGoogle {
  url: string;
  requests: RequestLog[];
  served(): number;
  stop(): Promise<void>;
}

const compute = 'https://www.googleapis.com/compute/v1';

function error(status: number, grpc: string, message: string, reason?: string, service?: string): Json {
  return {
    error: {
      code: status,
      message,
      status: grpc,
      ...(reason
        ? {
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason,
                domain: 'googleapis.com',
                metadata: { service: service ?? '', consumer: 'projects/000000000000' },
              },
            ],
          }
        : {}),
    },
  };
}

/** Which Google API a path belongs to (for SERVICE_DISABLED answers). */
function apiOf(path: string): string {
  if (path.startsWith('/compute/')) return 'compute';
  if (path.startsWith('/dns/')) return 'dns';
  if (/\/(alertPolicies|timeSeries)/.test(path)) return 'monitoring';
  if (/\/(sinks|buckets)|entries:list/.test(path)) return 'logging';
  if (/\/policies|customConstraints/.test(path)) return 'orgpolicy';
  if (/securityCenterServices/.test(path)) return 'securitycentermanagement';
  if (/\/findings/.test(path)) return 'securitycenter';
  if (/billingInfo|budgets/.test(path)) return 'cloudbilling';
  if (/serviceAccounts|\/roles\//.test(path)) return 'iam';
  return 'cloudresourcemanager';
}

/** A bearer JWT whose issuer is `issuer` (the fake does not check signatures: it stands for Google's front end). */
function signedBy(authorization: string | undefined, issuer: string | undefined): boolean {
  const payload = issuer ? /^Bearer [\w-]+\.([\w-]+)\.[\w-]+$/.exec(authorization ?? '')?.[1] : undefined;
  if (!payload) return false;
  try {
    return (
      (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string }).iss === issuer
    );
  } catch {
    return false;
  }
}

/** A Google Cloud REST front end on 127.0.0.1 serving `estate`: every API rigsight reads, one base URL. */
export async function startFakeGoogle(
  estate: FakeEstate,
  options: FakeGoogleOptions = {},
): Promise<FakeGoogle> {
  const pageSize = options.pageSize ?? 2;
  const faults = (options.faults ?? []).map((f) => ({ ...f }));
  const requests: RequestLog[] = [];
  let served = 0;
  const projectsById = new Map(estate.projects.map((p) => [p.projectId, p]));
  const projectsByNumber = new Map(estate.projects.map((p) => [p.projectNumber, p]));
  const projectOf = (idOrNumber: string): FakeProject | undefined =>
    projectsById.get(idOrNumber) ?? projectsByNumber.get(idOrNumber);

  const page = (items: unknown[], field: string, url: URL): Json => {
    const start = Number(url.searchParams.get('pageToken') ?? '0');
    const asked = Number(url.searchParams.get('maxResults') ?? url.searchParams.get('pageSize') ?? '0');
    const size = asked > 0 ? Math.min(asked, pageSize) : pageSize;
    const slice = items.slice(start, start + size);
    const next = start + size < items.length ? String(start + size) : undefined;
    return { [field]: slice, ...(next ? { nextPageToken: next } : {}) };
  };

  /** Aggregated lists keyed by `zones/Z` or `regions/R`, paged over the flattened items. */
  const aggregated = (
    items: Json[],
    field: string,
    placeKey: 'zone' | 'region',
    kind: string,
    url: URL,
  ): Json => {
    const flat = page(items, 'all', url);
    const byPlace: Record<string, Json> = {};
    for (const it of flat.all as Json[]) {
      const place = String(it[placeKey] ?? '')
        .split('/')
        .slice(-2)
        .join('/');
      const scoped = byPlace[place] ?? { [field]: [] };
      byPlace[place] = scoped;
      (scoped[field] as Json[]).push(it);
    }
    // Places with nothing on this page answer with a warning, as Compute Engine does.
    if (Object.keys(byPlace).length === 0)
      byPlace['zones/us-central1-a'] = {
        warning: { code: 'NO_RESULTS_ON_PAGE', message: 'There are no results for scope', data: [] },
      };
    return {
      kind,
      id: `projects/x/aggregated/${field}`,
      items: byPlace,
      ...(flat.nextPageToken ? { nextPageToken: flat.nextPageToken } : {}),
      selfLink: `${compute}/projects/x/aggregated/${field}`,
    };
  };

  const route = (method: string, path: string, url: URL, body: string): [number, Json | unknown[]] => {
    const m = (re: RegExp) => re.exec(path);
    let r: RegExpExecArray | null;
    // Discovery: Resource Manager v3 listings.
    if (method === 'GET' && path === '/v3/folders') {
      const parent = url.searchParams.get('parent');
      const folders = estate.folders
        .filter((f) => f.parent === parent)
        .map((f) => ({
          name: `folders/${f.id}`,
          parent: f.parent,
          displayName: f.displayName,
          state: 'ACTIVE',
        }));
      return [200, page(folders, 'folders', url)];
    }
    if (method === 'GET' && path === '/v3/projects') {
      const parent = url.searchParams.get('parent');
      const projects = estate.projects
        .filter((p) => p.parent === parent)
        .map((p) => ({
          name: `projects/${p.projectNumber}`,
          parent: p.parent,
          projectId: p.projectId,
          state: p.state ?? 'ACTIVE',
          displayName: p.projectId,
        }));
      return [200, page(projects, 'projects', url)];
    }
    r = m(/^\/v3\/folders\/(\d+)(:getIamPolicy)?$/);
    if (r) {
      const f = estate.folders.find((x) => x.id === r?.[1]);
      if (!f) return [404, error(404, 'NOT_FOUND', 'folder not found')];
      if (r[2]) return [200, f.iamPolicy];
      return [
        200,
        {
          name: `folders/${f.id}`,
          parent: f.parent,
          displayName: f.displayName,
          state: 'ACTIVE',
          createTime: '2024-01-01T00:00:00Z',
          etag: 'W/"abc"',
        },
      ];
    }
    r = m(/^\/v1\/organizations\/(\d+)(:getIamPolicy)?$/);
    if (r) {
      if (r[1] !== estate.organization.id)
        return [403, error(403, 'PERMISSION_DENIED', 'The caller does not have permission')];
      if (r[2]) return [200, estate.organization.iamPolicy];
      return [
        200,
        {
          name: `organizations/${estate.organization.id}`,
          displayName: estate.organization.domain,
          owner: { directoryCustomerId: 'C0abcdefg' },
          creationTime: '2019-01-01T00:00:00Z',
          lifecycleState: 'ACTIVE',
        },
      ];
    }
    if (m(/^\/v1\/organizations\/(\d+)\/roles\/([^/]+)$/) || m(/^\/v1\/projects\/([^/]+)\/roles\/([^/]+)$/)) {
      const name = path.slice('/v1/'.length);
      const role = estate.roles[name];
      return role ? [200, role] : [404, error(404, 'NOT_FOUND', `The role named ${name} was not found.`)];
    }
    r = m(/^\/v1\/roles\/(.+)$/);
    if (r) {
      const role = estate.roles[`roles/${r[1]}`];
      return role ? [200, role] : [404, error(404, 'NOT_FOUND', 'role not found')];
    }
    // Folder and organization level lists.
    r = m(/^\/v2\/(folders|organizations)\/(\d+)\/(sinks|policies|customConstraints)$/);
    if (r) {
      const node = r[1] === 'folders' ? estate.folders.find((f) => f.id === r?.[2]) : estate.organization;
      if (!node) return [404, error(404, 'NOT_FOUND', 'not found')];
      if (r[3] === 'sinks') return [200, page(node.sinks, 'sinks', url)];
      if (r[3] === 'policies') return [200, page(node.orgPolicies, 'policies', url)];
      return [200, page(estate.organization.customConstraints, 'customConstraints', url)];
    }
    if (path === '/compute/v1/locations/global/firewallPolicies') {
      const parent = url.searchParams.get('parentId') ?? '';
      const [kind, id] = parent.split('/');
      const node = kind === 'folders' ? estate.folders.find((f) => f.id === id) : estate.organization;
      return [
        200,
        { kind: 'compute#firewallPolicyList', ...page(node?.firewallPolicies ?? [], 'items', url) },
      ];
    }
    r = m(/^\/v1\/billingAccounts\/([^/]+)\/budgets$/);
    if (r) return [200, page(estate.budgets[r[1] as string] ?? [], 'budgets', url)];

    // Project level: find the project, then its faults. entries.list names its project in the body.
    let request: Json = {};
    if (method === 'POST' && path === '/v2/entries:list') {
      try {
        request = JSON.parse(body || '{}') as Json;
      } catch {
        return [400, error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')];
      }
    }
    const named = /^projects\/([^/]+)$/.exec(
      String((request.resourceNames as string[] | undefined)?.[0] ?? ''),
    );
    const pm =
      /^\/(?:compute\/v1|dns\/v1|v1|v2|v3)\/projects\/([^/:]+)/.exec(path) ??
      /^\/v1\/projects\/([^/:]+)/.exec(path) ??
      named;
    const p = pm ? projectOf(pm[1] as string) : undefined;
    if (!p) return [404, error(404, 'NOT_FOUND', `project ${pm?.[1]} not found`)];
    if (p.denied)
      return [
        403,
        error(403, 'PERMISSION_DENIED', `The caller does not have permission on project ${p.projectId}`),
      ];
    const api = apiOf(path);
    if (p.disabled?.includes(api))
      return [
        403,
        error(
          403,
          'PERMISSION_DENIED',
          `${api} API has not been used in project ${p.projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${api}.googleapis.com/overview?project=${p.projectNumber} then retry.`,
          'SERVICE_DISABLED',
          `${api}.googleapis.com`,
        ),
      ];
    if (p.deniedPaths?.some((re) => re.test(path)))
      return [
        403,
        error(403, 'PERMISSION_DENIED', `The caller does not have permission on project ${p.projectId}`),
      ];
    const pid = p.projectId;
    if (path === '/v2/entries:list') return auditEntriesPage(p, request, pageSize);
    if (path === `/v3/projects/${pid}/timeSeries`) return timeSeriesPage(p, url, pageSize);
    if (path === `/v2/projects/${pid}/sources/-/findings`) return liveFindingsPage(p, url, pageSize);
    if (path === `/v1/projects/${pid}`)
      return [
        200,
        {
          projectNumber: p.projectNumber,
          projectId: pid,
          lifecycleState: 'ACTIVE',
          name: pid,
          createTime: '2024-02-01T00:00:00.000Z',
          parent: {
            type: p.parent.startsWith('folders/') ? 'folder' : 'organization',
            id: p.parent.split('/')[1],
          },
          labels: { costcenter: 'cc-42' },
        },
      ];
    if (path === `/v1/projects/${pid}:getAncestry`) {
      const chain = [{ resourceId: { type: 'project', id: pid } }];
      let parent = p.parent;
      while (parent.startsWith('folders/')) {
        const f = estate.folders.find((x) => `folders/${x.id}` === parent);
        chain.push({ resourceId: { type: 'folder', id: parent.split('/')[1] as string } });
        parent = f?.parent ?? '';
      }
      if (parent.startsWith('organizations/'))
        chain.push({ resourceId: { type: 'organization', id: parent.split('/')[1] as string } });
      return [200, { ancestor: chain }];
    }
    if (path === `/v1/projects/${pid}:getIamPolicy`) return [200, p.iamPolicy];
    if (path === `/v1/projects/${pid}/serviceAccounts`)
      return [200, page(p.serviceAccounts, 'accounts', url)];
    r = m(/^\/v1\/projects\/[^/]+\/serviceAccounts\/([^/:]+):getIamPolicy$/);
    if (r) {
      const policy = p.serviceAccountPolicies[decodeURIComponent(r[1] as string)];
      return [200, policy ?? { etag: 'ACAB' }];
    }
    const base = `/compute/v1/projects/${pid}`;
    if (path === `${base}/aggregated/instances`)
      return [200, aggregated(p.instances, 'instances', 'zone', 'compute#instanceAggregatedList', url)];
    if (path === `${base}/aggregated/instanceGroupManagers`)
      return [
        200,
        aggregated(
          p.instanceGroupManagers,
          'instanceGroupManagers',
          'zone',
          'compute#instanceGroupManagerAggregatedList',
          url,
        ),
      ];
    if (path === `${base}/aggregated/subnetworks`)
      return [
        200,
        aggregated(p.subnetworks, 'subnetworks', 'region', 'compute#subnetworkAggregatedList', url),
      ];
    if (path === `${base}/aggregated/routers`)
      return [200, aggregated(p.routers, 'routers', 'region', 'compute#routerAggregatedList', url)];
    const globalList: Record<string, [unknown[], string]> = {
      networks: [p.networks, 'compute#networkList'],
      firewalls: [p.firewalls, 'compute#firewallList'],
      firewallPolicies: [p.networkFirewallPolicies, 'compute#firewallPolicyList'],
      routes: [p.routes, 'compute#routeList'],
    };
    r = m(/^\/compute\/v1\/projects\/[^/]+\/global\/(\w+)$/);
    if (r && globalList[r[1] as string]) {
      const [items, kind] = globalList[r[1] as string] as [unknown[], string];
      return [200, { kind, ...page(items, 'items', url) }];
    }
    if (path === `/v2/projects/${pid}/sinks`) return [200, page(p.sinks, 'sinks', url)];
    if (path === `/v2/projects/${pid}/locations/-/buckets`) return [200, page(p.buckets, 'buckets', url)];
    if (path === `/dns/v1/projects/${pid}/policies`)
      return [200, { kind: 'dns#policiesListResponse', ...page(p.dnsPolicies, 'policies', url) }];
    if (path === `/v3/projects/${pid}/alertPolicies`)
      return [200, { ...page(p.alertPolicies, 'alertPolicies', url), totalSize: p.alertPolicies.length }];
    if (path === `/v2/projects/${pid}/policies`) return [200, page(p.orgPolicies, 'policies', url)];
    r = m(/^\/v2\/projects\/[^/]+\/policies\/([^/:]+):getEffectivePolicy$/);
    if (r) {
      const c = r[1] as string;
      return [200, p.effectivePolicies[c] ?? { name: `projects/${p.projectNumber}/policies/${c}`, spec: {} }];
    }
    r = m(/^\/v1\/projects\/[^/]+\/locations\/global\/securityCenterServices\/([^/]+)$/);
    if (r) {
      const s = p.sccServices[r[1] as string];
      return [
        200,
        s ?? {
          name: `projects/${pid}/locations/global/securityCenterServices/${r[1]}`,
          intendedEnablementState: 'INHERITED',
          effectiveEnablementState: 'DISABLED',
        },
      ];
    }
    if (path === `/v1/projects/${pid}/sources/-/findings`)
      return [
        200,
        {
          ...page(p.findings, 'listFindingsResults', url),
          readTime: '2026-11-21T00:00:00Z',
          totalSize: p.findings.length,
        },
      ];
    if (path === `/v1/projects/${pid}/billingInfo`) return [200, p.billingInfo];
    return [404, error(404, 'NOT_FOUND', `fake Google has no route for ${method} ${path}`)];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Bodies matter only to entries.list (its filter); policy version 3 is not needed to answer.
    let body = '';
    for await (const chunk of req) body += (chunk as Buffer).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    served++;
    if (options.record !== false)
      requests.push({ method, path, authorization: req.headers.authorization, at: performance.now() });
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(body));
    };
    // OAuth token endpoint for service-account keys (ADC): a signed JWT in, the accepted token out.
    if (method === 'POST' && path === '/token')
      return send(200, {
        access_token: options.token ?? 'ya29.fake',
        expires_in: 3600,
        token_type: 'Bearer',
      });
    if (
      options.token &&
      req.headers.authorization !== `Bearer ${options.token}` &&
      !signedBy(req.headers.authorization, options.jwtIssuer)
    )
      return send(
        401,
        error(
          401,
          'UNAUTHENTICATED',
          'Request had invalid authentication credentials. Expected OAuth 2 access token.',
          'ACCESS_TOKEN_TYPE_UNSUPPORTED',
        ),
      );
    const fault = faults.find((f) => f.times > 0 && f.path.test(path));
    if (fault) {
      fault.times--;
      return fault.status === 429
        ? send(
            429,
            error(
              429,
              'RESOURCE_EXHAUSTED',
              "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'.",
              'RATE_LIMIT_EXCEEDED',
            ),
            { 'retry-after': '0' },
          )
        : send(503, error(503, 'UNAVAILABLE', 'The service is currently unavailable.'));
    }
    if (options.bigquery && path.startsWith('/bigquery/')) {
      const [status, answer] = options.bigquery.reply({
        method,
        path,
        query: url.searchParams,
        ...(body ? { body: JSON.parse(body) as Record<string, unknown> } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      send(status, answer);
      return;
    }
    const [status, answer] = route(method, path, url, body);
    send(status, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    served: () => served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
