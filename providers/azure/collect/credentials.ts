import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { SecretScrubber } from '../../../src/collect/secrets.js';
import type { Endpoints } from './clouds.js';

/** DefaultAzureCredential for the chosen cloud: environment, workload identity, managed identity, Azure CLI. */
export function defaultCredential(endpoints: Endpoints): TokenCredential {
  return new DefaultAzureCredential({
    authorityHost: endpoints.authority,
    // MSAL validates an unknown authority against the public cloud first: offline that fails after seconds.
    ...(endpoints.customAuthority ? { disableInstanceDiscovery: true } : {}),
  });
}

/** Every token handed out is remembered by the scrubber, so none can reach a bundle, a log or an error. */
export function scrubbing(credential: TokenCredential, scrubber: SecretScrubber): TokenCredential {
  return {
    async getToken(scopes, options) {
      const token = await credential.getToken(scopes, options);
      if (token) scrubber.add(token.token);
      return token;
    },
  };
}

/** Who the token says the caller is (never the token itself): user principal name, app id or object id. */
export interface Caller {
  id: string;
  objectId?: string;
  tenantId?: string;
  type: 'user' | 'servicePrincipal';
}

export function callerOf(token: AccessToken): Caller {
  const part = token.token.split('.')[1] ?? '';
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    // An opaque token names nobody: the caller stays unknown.
  }
  const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
  const user = str('upn') ?? str('unique_name') ?? str('preferred_username');
  const id = user ?? str('appid') ?? str('azp') ?? str('oid') ?? 'unknown';
  return {
    id,
    type: user ? 'user' : 'servicePrincipal',
    ...(str('oid') ? { objectId: str('oid') } : {}),
    ...(str('tid') ? { tenantId: str('tid') } : {}),
  };
}
