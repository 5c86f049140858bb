import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { SecretScrubber } from '../../../src/collect/secrets.js';

/** The SDK's default chain (env, shared config and credentials files, SSO, web identity, container, instance). */
export async function defaultCredentials(profile?: string): Promise<AwsCredentialIdentityProvider> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain(profile ? { profile } : {});
}

/** Remembers credentials until five minutes before they expire, and registers their secrets for scrubbing. */
export function cached(
  fetch: () => Promise<AwsCredentialIdentity>,
  scrubber: SecretScrubber,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expires = Number.POSITIVE_INFINITY;
  return async () => {
    if (!current || expires - now() < 300_000) {
      current = fetch().then((c) => {
        scrubber.add(c.secretAccessKey, c.sessionToken);
        expires = c.expiration ? c.expiration.getTime() : Number.POSITIVE_INFINITY;
        return c;
      });
      current.catch(() => {
        current = undefined;
      });
    }
    return current;
  };
}

/** An assumed role's temporary credentials from an AssumeRole output. */
export function fromAssumeRole(output: Record<string, unknown>): AwsCredentialIdentity {
  const c = output.Credentials as
    | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
    | undefined;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
  };
}
