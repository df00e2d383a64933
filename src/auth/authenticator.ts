// One authenticator over the configured credential kinds: a bearer JWT in `Authorization` or an API
// key in its header. A request presenting both is refused rather than picking one, so a credential
// can never be shadowed by another; presenting none is "missing", which callers may tolerate.
import { createApiKeyVerifier, type ApiKeyEntry } from './api-keys';
import { CredentialError, type Identity } from './identity';
import { createJwtVerifier, describeKeySources, type JwtSettings } from './jwt-verifier';
import { cacheVerifiedTokens } from './verified-token-cache';

export const DEFAULT_API_KEY_HEADER = 'X-API-Key';

export interface AuthSettings {
  jwt?: JwtSettings;
  apiKeys?: readonly ApiKeyEntry[];
  /** Header API keys travel in; default `X-API-Key`. */
  apiKeyHeader?: string;
  /** Realm named in `WWW-Authenticate` challenges. */
  realm?: string;
}

export interface PresentedCredentials {
  authorization?: string;
  apiKey?: string;
}

export type AuthOutcome =
  | { ok: true; identity: Identity }
  | { ok: false; scheme: 'bearer' | 'api-key' | 'none'; error: CredentialError | 'missing' };

export interface Authenticator {
  readonly bearer: boolean;
  readonly apiKeys: boolean;
  readonly apiKeyHeader: string;
  readonly realm: string;
  authenticate(credentials: PresentedCredentials): Promise<AuthOutcome>;
}

export function createAuthenticator(settings: AuthSettings): Authenticator {
  const verifyJwt = settings.jwt ? cacheVerifiedTokens(createJwtVerifier(settings.jwt)) : undefined;
  const verifyKey = settings.apiKeys && settings.apiKeys.length > 0 ? createApiKeyVerifier(settings.apiKeys) : undefined;
  if (!verifyJwt && !verifyKey) throw new Error('authentication needs a JWT key source or at least one API key');
  return {
    bearer: verifyJwt !== undefined,
    apiKeys: verifyKey !== undefined,
    apiKeyHeader: settings.apiKeyHeader ?? DEFAULT_API_KEY_HEADER,
    realm: settings.realm ?? 'a2a-temporal',
    async authenticate({ authorization, apiKey }) {
      const bearer = authorization !== undefined && authorization !== '' ? /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization) : undefined;
      const hasKey = apiKey !== undefined && apiKey !== '';
      if (authorization && !bearer) return { ok: false, scheme: 'bearer', error: new CredentialError('invalid', 'The Authorization header must be "Bearer <token>"') };
      if (bearer && hasKey) {
        return { ok: false, scheme: 'none', error: new CredentialError('invalid', 'Send either a bearer token or an API key, not both') };
      }
      try {
        if (bearer) {
          if (!verifyJwt) throw new CredentialError('invalid', 'Bearer tokens are not accepted here');
          return { ok: true, identity: await verifyJwt(bearer[1]) };
        }
        if (hasKey) {
          if (!verifyKey) throw new CredentialError('invalid', 'API keys are not accepted here');
          return { ok: true, identity: verifyKey(apiKey) };
        }
      } catch (err) {
        const error = err instanceof CredentialError ? err : new CredentialError('invalid', 'The credential is not valid');
        return { ok: false, scheme: bearer ? 'bearer' : 'api-key', error };
      }
      return { ok: false, scheme: 'none', error: 'missing' };
    },
  };
}

/** A description of the configured key sources, for the start-up log. */
export function describeAuth(settings: AuthSettings): string[] {
  return [
    ...(settings.jwt ? describeKeySources(settings.jwt).map((s) => `bearer JWT (${s})`) : []),
    ...(settings.apiKeys?.length ? [`${settings.apiKeys.length} API key(s) in header ${settings.apiKeyHeader ?? DEFAULT_API_KEY_HEADER}`] : []),
  ];
}
