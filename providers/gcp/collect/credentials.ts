import { createRequire } from 'node:module';
import { googleAuthLibrary } from 'google-gax';

const scopes = ['https://www.googleapis.com/auth/cloud-platform.read-only'];

/** The credential every client uses, and who it is (never the token itself). */
export interface GcpAuth {
  /** Client options that carry it for google-gax 6 clients (`authClient` or `auth`). */
  gax: Record<string, unknown>;
  /** The same, built from the google-gax copy an older client ships with. */
  legacyGax: Record<string, unknown>;
  /** The same, for the Security Command Center client (findings), which ships a google-gax copy of its own. */
  sccGax: Record<string, unknown>;
  /** For the googleapis submodules (the same google-auth-library copy as google-gax 6). */
  googleapis: unknown;
  caller: string;
  /** Values to scrub from anything written. */
  secrets: string[];
}

type LegacyAuth = {
  OAuth2Client: new () => { setCredentials(c: Record<string, unknown>): void };
  GoogleAuth: new (o: Record<string, unknown>) => unknown;
};

/** The google-auth-library copy that a client package's own google-gax uses. */
function authLibraryOf(pkg: string): LegacyAuth {
  const require = createRequire(import.meta.url);
  const gax = createRequire(require.resolve(pkg)).resolve('google-gax');
  return createRequire(gax)('google-auth-library') as LegacyAuth;
}

/**
 * `GOOGLE_OAUTH_ACCESS_TOKEN` when set (as Terraform reads it), else Application Default Credentials. The token is
 * only ever sent as a bearer header; read-only scope is asked for where ADC mints tokens.
 */
export async function gcpCredentials(env: NodeJS.ProcessEnv = process.env): Promise<GcpAuth> {
  const legacy = authLibraryOf('@google-cloud/securitycentermanagement');
  const scc = authLibraryOf('@google-cloud/security-center');
  const token = env.GOOGLE_OAUTH_ACCESS_TOKEN?.trim();
  if (token) {
    // A preset token with a far expiry: the library never tries to refresh it (it cannot).
    const credentials = { access_token: token, expiry_date: Date.now() + 365 * 86_400_000 };
    const client = new googleAuthLibrary.OAuth2Client();
    client.setCredentials(credentials);
    const legacyClient = new legacy.OAuth2Client();
    legacyClient.setCredentials(credentials);
    const sccClient = new scc.OAuth2Client();
    sccClient.setCredentials(credentials);
    return {
      gax: { authClient: client },
      legacyGax: { authClient: legacyClient },
      sccGax: { authClient: sccClient },
      googleapis: client,
      caller: env.RIGSIGHT_GCP_CALLER ?? 'access token (GOOGLE_OAUTH_ACCESS_TOKEN)',
      secrets: [token],
    };
  }
  const client = new googleAuthLibrary.GoogleAuth({ scopes });
  const legacyClient = new legacy.GoogleAuth({ scopes });
  const sccClient = new scc.GoogleAuth({ scopes });
  let caller = 'application default credentials';
  try {
    const body = await client.getCredentials();
    if (body.client_email) caller = `serviceAccount:${body.client_email}`;
  } catch {
    // No credentials at all: the first call says so, with the library's message.
  }
  return {
    gax: { auth: client },
    legacyGax: { auth: legacyClient },
    sccGax: { auth: sccClient },
    googleapis: client,
    caller,
    secrets: [],
  };
}
