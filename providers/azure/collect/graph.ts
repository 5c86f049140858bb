import type { TokenCredential } from '@azure/core-auth';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { TokenBucket } from '../../../src/collect/token-bucket.js';
import type { CallCounts } from './clients.js';

/** Microsoft Graph, for what ARM does not know: who is in a group. Paced by its own bucket. */
export class GraphReader {
  private readonly client: Client;

  constructor(
    graphEndpoint: string,
    credential: TokenCredential,
    private readonly bucket: TokenBucket | undefined,
    private readonly counts: CallCounts,
  ) {
    const authProvider = new TokenCredentialAuthenticationProvider(credential, {
      scopes: [`${graphEndpoint}/.default`],
    });
    // The client's default middleware retries 429/503/504 and honours Retry-After.
    // A sovereign or fake Graph host gets the token only when named as a custom host.
    const customHosts = new Set([new URL(graphEndpoint).hostname]);
    this.client = Client.initWithMiddleware({
      authProvider,
      baseUrl: `${graphEndpoint}/`,
      defaultVersion: 'v1.0',
      customHosts,
    });
  }

  /** `az ad group member list --group ID`: the group's direct members, every page (`@odata.nextLink`). */
  async groupMembers(groupId: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let next: string | undefined = `/groups/${encodeURIComponent(groupId)}/members`;
    for (let pages = 0; next && pages < 10_000; pages++) {
      await this.bucket?.take();
      this.counts.calls++;
      const page = (await this.client.api(next).get()) as {
        value?: Record<string, unknown>[];
        '@odata.nextLink'?: string;
      };
      out.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    return out;
  }
}
