// Credentials for tests: an HS256 authenticator (plus API keys when asked) and tokens minted for it.
import { mintApiKey } from '../../../src/auth/api-keys';
import { createAuthenticator, type Authenticator } from '../../../src/auth/authenticator';
import { mintHs256Token } from '../../../src/auth/mint-token';
import { ALL_AGENTS_SCOPE } from '../../../src/auth/scopes';

export const TEST_SECRET = new TextEncoder().encode('security-tests-shared-secret-0123456789');
export const TEST_ISSUER = 'a2a-security-tests';
export const TEST_AUDIENCE = 'a2a-temporal-tests';

export interface TestPrincipal {
  subject: string;
  tenant: string;
  scopes?: string[];
  roles?: string[];
}

export function tokenFor(principal: TestPrincipal, options: { ttlSeconds?: number; now?: Date } = {}): Promise<string> {
  return mintHs256Token(
    { scopes: [ALL_AGENTS_SCOPE], ...principal },
    { secret: TEST_SECRET, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: options.ttlSeconds ?? 600, now: options.now },
  );
}

export const bearer = async (principal: TestPrincipal): Promise<Record<string, string>> => ({ Authorization: `Bearer ${await tokenFor(principal)}` });

/** An authenticator for TEST_SECRET and, when given, one API key (returned so tests can send it). */
export function testAuthenticator(apiKey?: Omit<TestPrincipal, 'scopes'> & { id: string; scopes?: string[] }): {
  authenticator: Authenticator;
  apiKey?: string;
} {
  const minted = apiKey ? mintApiKey({ ...apiKey, scopes: apiKey.scopes ?? [ALL_AGENTS_SCOPE] }) : undefined;
  return {
    authenticator: createAuthenticator({
      jwt: { secret: TEST_SECRET, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
      ...(minted ? { apiKeys: [minted.entry] } : {}),
    }),
    apiKey: minted?.key,
  };
}
