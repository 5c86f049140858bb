import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CliService } from './declaration.js';
import { notReadOnly } from './read-only.js';

/** The SDK package and client class behind each CLI service name; global services are called in us-east-1. */
export const sdkClients: Record<CliService, { pkg: string; client: string; globalRegion?: string }> = {
  sts: { pkg: '@aws-sdk/client-sts', client: 'STSClient' },
  iam: { pkg: '@aws-sdk/client-iam', client: 'IAMClient', globalRegion: 'us-east-1' },
  organizations: {
    pkg: '@aws-sdk/client-organizations',
    client: 'OrganizationsClient',
    globalRegion: 'us-east-1',
  },
  ce: { pkg: '@aws-sdk/client-cost-explorer', client: 'CostExplorerClient', globalRegion: 'us-east-1' },
  ec2: { pkg: '@aws-sdk/client-ec2', client: 'EC2Client' },
  cloudtrail: { pkg: '@aws-sdk/client-cloudtrail', client: 'CloudTrailClient' },
  logs: { pkg: '@aws-sdk/client-cloudwatch-logs', client: 'CloudWatchLogsClient' },
  cloudwatch: { pkg: '@aws-sdk/client-cloudwatch', client: 'CloudWatchClient' },
  guardduty: { pkg: '@aws-sdk/client-guardduty', client: 'GuardDutyClient' },
  route53resolver: { pkg: '@aws-sdk/client-route53resolver', client: 'Route53ResolverClient' },
  autoscaling: { pkg: '@aws-sdk/client-auto-scaling', client: 'AutoScalingClient' },
  'service-quotas': { pkg: '@aws-sdk/client-service-quotas', client: 'ServiceQuotasClient' },
  s3api: { pkg: '@aws-sdk/client-s3', client: 'S3Client' },
};

export interface SdkCommand {
  input: Record<string, unknown>;
}
type CommandClass = new (input: Record<string, unknown>) => SdkCommand;
type Handler = (args: unknown) => Promise<unknown>;
export interface SdkClient {
  send(command: SdkCommand, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
  middlewareStack: {
    addRelativeTo(
      middleware: (next: Handler, context: { commandName?: string }) => Handler,
      options: { relation: 'after'; toMiddleware: string; name: string },
    ): void;
  };
}

/** Waits before every HTTP attempt (first tries and SDK retries alike) for the named operation. */
export type AttemptGate = (operation: string) => Promise<void> | undefined;
type ClientClass = new (config: Record<string, unknown>) => SdkClient;

export interface ClientSettings {
  /** Every service at this URL (a fake, a proxy, an S3-compatible store); the SDK resolves endpoints otherwise. */
  endpoint?: string;
  /** Attempts per call, first included (SDK standard retries: backoff with jitter, longer for throttling). */
  maxAttempts: number;
  /** A fixed delay between attempts instead of the standard backoff (tests use 0). */
  retryDelayMs?: number;
  /** Per attempt: a request that has not completed by then is abandoned and retried. */
  requestTimeoutMs: number;
  /** Sockets kept open: the run's concurrency. */
  maxSockets: number;
}

interface SmithyRuntime {
  handler: unknown;
  retryStrategy: () => unknown;
}

/**
 * SDK clients per (account, region, service), sharing one connection pool. Retry strategies and HTTP handlers
 * are built from the smithy packages each client was published against (clients of different ages differ).
 */
export class ClientPool {
  private readonly modules = new Map<CliService, Record<string, unknown>>();
  private readonly runtimes = new Map<string, SmithyRuntime>();
  private readonly byPackage = new Map<string, SmithyRuntime>();
  private readonly clients = new Map<string, SdkClient>();
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly settings: ClientSettings) {
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets: settings.maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: settings.maxSockets });
  }

  /** Loads the SDK packages for these services (once). */
  async load(services: Iterable<CliService>): Promise<void> {
    for (const service of services) {
      if (this.modules.has(service)) continue;
      this.modules.set(service, (await import(sdkClients[service].pkg)) as Record<string, unknown>);
    }
  }

  command(service: CliService, operation: string, input: Record<string, unknown>): SdkCommand {
    // Defence in depth: the declarations are checked by a test; the engine refuses anything else too.
    const refused = notReadOnly({ id: `${service}:${operation}`, operation });
    if (refused) throw new Error(`refusing to call AWS: ${refused}`);
    const Command = this.module(service)[`${operation}Command`] as CommandClass | undefined;
    if (!Command) throw new Error(`${sdkClients[service].pkg} has no ${operation}Command`);
    return new Command(input);
  }

  /** The region a call to `service` is made in: global services have one. */
  callRegion(service: CliService, region: string): string {
    return sdkClients[service].globalRegion ?? region;
  }

  client(
    account: string,
    region: string,
    service: CliService,
    credentials: AwsCredentialIdentityProvider,
    gate?: AttemptGate,
  ) {
    const key = `${account}|${region}|${service}`;
    let client = this.clients.get(key);
    if (!client) {
      const Client = this.module(service)[sdkClients[service].client] as ClientClass;
      const runtime = this.runtime(service);
      client = new Client({
        region,
        credentials,
        requestHandler: runtime.handler,
        retryStrategy: runtime.retryStrategy(),
        ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      });
      if (gate) {
        // After the retry middleware: it runs once per attempt, so retries are paced like first tries.
        client.middlewareStack.addRelativeTo(
          (next, context) => async (args) => {
            await gate(String(context.commandName ?? '').replace(/Command$/, ''));
            return next(args);
          },
          { relation: 'after', toMiddleware: 'retryMiddleware', name: 'rigsightPacing' },
        );
      }
      this.clients.set(key, client);
    }
    return client;
  }

  /** Drops an account's clients once it is done (the shared pool stays open). */
  release(account: string): void {
    for (const key of this.clients.keys()) if (key.startsWith(`${account}|`)) this.clients.delete(key);
  }

  close(): void {
    this.clients.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private module(service: CliService): Record<string, unknown> {
    const mod = this.modules.get(service);
    if (!mod) throw new Error(`the SDK for ${service} is not loaded`);
    return mod;
  }

  /**
   * What the collector gives its own clients, for a client of another SDK package (a live leg's own): region,
   * credentials, endpoint, retry strategy and HTTP handler on the shared connection pool. No pacing: the leg paces.
   */
  clientConfig(
    pkg: string,
    region: string,
    credentials: AwsCredentialIdentityProvider,
  ): Record<string, unknown> {
    const runtime = this.runtimeOf(pkg);
    return {
      region,
      credentials,
      requestHandler: runtime.handler,
      retryStrategy: runtime.retryStrategy(),
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
    };
  }

  private runtime(service: CliService): SmithyRuntime {
    return this.runtimeOf(sdkClients[service].pkg);
  }

  private runtimeOf(pkg: string): SmithyRuntime {
    // Resolving packages costs file-system lookups: done once per SDK package, not once per client.
    const known = this.byPackage.get(pkg);
    if (known) return known;
    const local = createRequire(import.meta.url);
    const from = createRequire(local.resolve(pkg));
    const retryPath = from.resolve('@smithy/util-retry');
    let runtime = this.runtimes.get(retryPath);
    if (runtime) {
      this.byPackage.set(pkg, runtime);
      return runtime;
    }
    const retry = from('@smithy/util-retry') as {
      StandardRetryStrategy: new (maxAttempts: number) => unknown;
      ConfiguredRetryStrategy: new (maxAttempts: number, delay: number) => unknown;
    };
    const http = from('@smithy/node-http-handler') as { NodeHttpHandler: new (o: unknown) => unknown };
    const { maxAttempts, retryDelayMs, requestTimeoutMs } = this.settings;
    runtime = {
      handler: new http.NodeHttpHandler({
        httpAgent: this.httpAgent,
        httpsAgent: this.httpsAgent,
        connectionTimeout: Math.min(requestTimeoutMs, 10_000),
        requestTimeout: requestTimeoutMs,
        socketTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
      retryStrategy: () =>
        retryDelayMs === undefined
          ? new retry.StandardRetryStrategy(maxAttempts)
          : new retry.ConfiguredRetryStrategy(maxAttempts, retryDelayMs),
    };
    this.runtimes.set(retryPath, runtime);
    this.byPackage.set(pkg, runtime);
    return runtime;
  }
}
