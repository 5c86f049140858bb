import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import { MonitorClient } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { PolicyClient } from '@azure/arm-policy';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SecurityCenter } from '@azure/arm-security';
import { StorageManagementClient } from '@azure/arm-storage';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
  type PipelineRequest,
  RestError,
} from '@azure/core-rest-pipeline';
import type { TokenBucket } from '../../../src/collect/token-bucket.js';
import type { Endpoints } from './clouds.js';

export interface ClientSettings {
  endpoints: Endpoints;
  credential: TokenCredential;
  /** Retries after the first attempt (429 with Retry-After, 5xx, timeouts, connection resets). */
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Per attempt. */
  requestTimeoutMs: number;
}

/** What the pipeline saw: attempts and retries, for the summary. */
export interface CallCounts {
  calls: number;
  retries: number;
}

/**
 * ARM's error body for a failed request. Modular SDK pagers throw "Pagination failed with unexpected statusCode N"
 * without it, so the pipeline keeps it, keyed by the request the error carries.
 */
const errorBodies = new WeakMap<PipelineRequest, { code?: string; message?: string }>();

export function armErrorOf(request: unknown): { code?: string; message?: string } | undefined {
  return typeof request === 'object' && request !== null
    ? errorBodies.get(request as PipelineRequest)
    : undefined;
}

/** Waits for the scope's read bucket before every attempt; a 429's Retry-After empties it for everyone. */
function pacingPolicy(bucket: TokenBucket | undefined, counts: CallCounts): PipelinePolicy {
  const attempts = new WeakMap<PipelineRequest, number>();
  return {
    name: 'rigsightPacing',
    async sendRequest(request, next) {
      const n = (attempts.get(request) ?? 0) + 1;
      attempts.set(request, n);
      counts.calls++;
      if (n > 1) counts.retries++;
      await bucket?.take();
      const response = await next(request);
      if (response.status >= 400 && response.bodyAsText) {
        try {
          const error = (JSON.parse(response.bodyAsText) as { error?: { code?: string; message?: string } })
            .error;
          if (error) errorBodies.set(request, error);
        } catch {
          // Not JSON (a proxy's HTML page): the status code is all there is.
        }
      }
      if (response.status === 429) {
        const after = Number(response.headers.get('retry-after'));
        bucket?.pause(Number.isFinite(after) ? after * 1000 : 1000);
      }
      return response;
    },
  };
}

/** A hung attempt becomes a retryable ETIMEDOUT (the SDK's own timeout aborts the whole operation instead). */
function timeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: 'rigsightTimeout',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      const forward = () => controller.abort();
      outer?.addEventListener('abort', forward);
      const timer = setTimeout(() => controller.abort(), ms);
      // The same request object: core-client finds the operation to deserialize by the request's identity.
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (err) {
        if (controller.signal.aborted && !outer?.aborted)
          throw new RestError(`no answer within ${ms} ms`, { code: 'ETIMEDOUT', request });
        throw err;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        request.abortSignal = outer;
      }
    },
  };
}

/** The SDK clients of one subscription (or of the tenant), sharing one connection pool and the scope's bucket. */
export class ArmClients {
  private readonly cache = new Map<string, unknown>();
  private readonly options: Record<string, unknown>;
  private rawPipeline: Pipeline | undefined;

  constructor(
    private readonly settings: ClientSettings,
    readonly subscription: string,
    private readonly httpClient: HttpClient,
    bucket: TokenBucket | undefined,
    counts: CallCounts,
  ) {
    const scope = `${settings.endpoints.arm}/.default`;
    const additionalPolicies = [
      { policy: pacingPolicy(bucket, counts), position: 'perRetry' as const },
      { policy: timeoutPolicy(settings.requestTimeoutMs), position: 'perRetry' as const },
    ];
    // Classic (core-client) and modular clients name the same settings differently; each reads its own.
    this.options = {
      endpoint: settings.endpoints.arm,
      credentialScopes: [scope],
      credentials: { scopes: [scope] },
      httpClient,
      additionalPolicies,
      retryOptions: {
        maxRetries: settings.maxRetries,
        retryDelayInMs: settings.retryDelayMs,
        maxRetryDelayInMs: settings.maxRetryDelayMs,
      },
      userAgentOptions: { userAgentPrefix: 'rigsight' },
    };
  }

  private make<T>(key: string, build: () => T): T {
    let c = this.cache.get(key) as T | undefined;
    if (!c) {
      c = build();
      this.cache.set(key, c);
    }
    return c;
  }

  get compute() {
    return this.make(
      'compute',
      () => new ComputeManagementClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get network() {
    return this.make(
      'network',
      () => new NetworkManagementClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get monitor() {
    return this.make(
      'monitor',
      () => new MonitorClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get insights() {
    return this.make(
      'insights',
      () =>
        new OperationalInsightsManagementClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get storage() {
    return this.make(
      'storage',
      () => new StorageManagementClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get authorization() {
    return this.make(
      'authorization',
      () => new AuthorizationManagementClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get security() {
    return this.make(
      'security',
      () => new SecurityCenter(this.settings.credential, this.subscription, this.options),
    );
  }
  get policy() {
    return this.make(
      'policy',
      () => new PolicyClient(this.settings.credential, this.subscription, this.options),
    );
  }
  get managementGroups() {
    return this.make(
      'managementGroups',
      () => new ManagementGroupsAPI(this.settings.credential, this.options),
    );
  }
  get subscriptions() {
    return this.make('subscriptions', () => new SubscriptionClient(this.settings.credential, this.options));
  }

  /**
   * A GET the SDKs lack (scheduled actions, DNS security policies): the same credential, retries, pacing and
   * timeout, through @azure/core-rest-pipeline. Follows nextLink; returns every page's `value` merged.
   */
  async getAll(path: string, apiVersion: string): Promise<{ value: unknown[] }> {
    const value: unknown[] = [];
    let url: string | undefined = `${this.settings.endpoints.arm}${path}?api-version=${apiVersion}`;
    for (let pages = 0; url && pages < 10_000; pages++) {
      const body = (await this.get(url)) as { value?: unknown[]; nextLink?: string };
      value.push(...(body.value ?? []));
      url = body.nextLink || undefined;
    }
    return { value };
  }

  private async get(url: string): Promise<unknown> {
    this.rawPipeline ??= this.buildRawPipeline();
    const request = createPipelineRequest({
      url,
      method: 'GET',
      headers: createHttpHeaders({ accept: 'application/json' }),
    });
    const response = await this.rawPipeline.sendRequest(this.httpClient, request);
    const text = response.bodyAsText ?? '';
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (response.status >= 400) {
      const error = (body.error ?? {}) as { code?: string; message?: string };
      throw new RestError(error.message ?? `HTTP ${response.status}`, {
        code: error.code ?? `Http${response.status}`,
        statusCode: response.status,
        request,
        response,
      });
    }
    return body;
  }

  private buildRawPipeline(): Pipeline {
    const o = this.options as {
      retryOptions: object;
      additionalPolicies: { policy: PipelinePolicy; position: 'perRetry' }[];
    };
    const pipeline = createPipelineFromOptions({
      retryOptions: o.retryOptions,
      userAgentOptions: { userAgentPrefix: 'rigsight' },
    });
    pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential: this.settings.credential,
        scopes: `${this.settings.endpoints.arm}/.default`,
      }),
    );
    for (const p of o.additionalPolicies) pipeline.addPolicy(p.policy, { afterPhase: 'Retry' });
    return pipeline;
  }
}

export function sharedHttpClient(): HttpClient {
  return createDefaultHttpClient();
}
