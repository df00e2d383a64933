// Verifies bearer JWTs with `jose`: HS256 against a shared secret, RS256/ES256 (configurable) against
// a JWKS given inline, from a file or from a URL (fetched lazily, cached, refetched on an unknown
// `kid` at most once per cooldown). Issuer, audience, expiry and not-before are always checked,
// with a bounded clock skew; `exp` and `sub` are required. Algorithms are pinned per key source, so a
// token cannot pick `none` or use the public key as an HMAC secret.
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { CredentialError, DEFAULT_CLAIM_NAMES, identityFromClaims, type ClaimNames, type Identity } from './identity';

export const HS256 = 'HS256';
export const DEFAULT_ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'] as const;
/** Shorter HMAC secrets can be brute-forced from a single token. */
export const MIN_SECRET_BYTES = 32;

export interface JwtSettings {
  /** HS256 shared secret. */
  secret?: Uint8Array;
  /** A JWKS document, inline or read from a file at start-up. */
  jwks?: JSONWebKeySet;
  jwksFile?: string;
  /** A JWKS endpoint (an identity provider's `jwks_uri`). */
  jwksUrl?: string;
  /** Algorithms accepted with JWKS keys; default RS256 and ES256. */
  algorithms?: readonly string[];
  issuer: string | readonly string[];
  audience: string | readonly string[];
  /** Tolerated difference between our clock and the issuer's for exp/nbf/iat; default 30 s. */
  clockSkewSeconds?: number;
  claims?: Partial<ClaimNames>;
  /** Remote JWKS: how long fetched keys are trusted (default 10 min), the minimum time between
   * refetches on an unknown kid (default 30 s) and the fetch timeout (default 5 s). */
  jwksCacheMaxAgeMs?: number;
  jwksCooldownMs?: number;
  jwksTimeoutMs?: number;
  /** Clock for tests. */
  now?: () => Date;
}

export type JwtVerifier = (token: string) => Promise<Identity>;

/** The key sources a JwtSettings names; throws when it names none or a secret is too short. */
export function describeKeySources(settings: JwtSettings): string[] {
  const sources: string[] = [];
  if (settings.secret) {
    if (settings.secret.byteLength < MIN_SECRET_BYTES) throw new Error(`the JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
    sources.push('HS256 secret');
  }
  if (settings.jwks) sources.push('inline JWKS');
  if (settings.jwksFile) sources.push(`JWKS file ${settings.jwksFile}`);
  if (settings.jwksUrl) sources.push(`JWKS ${settings.jwksUrl}`);
  if (sources.length === 0) throw new Error('no JWT key source: set a secret, a JWKS file or a JWKS URL');
  return sources;
}

export function createJwtVerifier(settings: JwtSettings): JwtVerifier {
  describeKeySources(settings);
  const asymmetric = [...(settings.algorithms ?? DEFAULT_ASYMMETRIC_ALGORITHMS)].filter((alg) => !alg.startsWith('HS') && alg !== 'none');
  const fileJwks = settings.jwksFile ? (JSON.parse(readFileSync(settings.jwksFile, 'utf8')) as JSONWebKeySet) : undefined;
  const localSets = [settings.jwks, fileJwks].filter((s): s is JSONWebKeySet => s !== undefined).map((s) => createLocalJWKSet(s));
  const remote = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), {
        cacheMaxAge: settings.jwksCacheMaxAgeMs ?? 10 * 60_000,
        cooldownDuration: settings.jwksCooldownMs ?? 30_000,
        timeoutDuration: settings.jwksTimeoutMs ?? 5_000,
      })
    : undefined;
  const keySets: JWTVerifyGetKey[] = [...localSets, ...(remote ? [remote] : [])];
  const algorithms = [...(settings.secret ? [HS256] : []), ...(keySets.length > 0 ? asymmetric : [])];
  const claims: ClaimNames = { ...DEFAULT_CLAIM_NAMES, ...settings.claims };

  const getKey: JWTVerifyGetKey = async (header, input) => {
    if (header.alg === HS256) {
      if (!settings.secret) throw new CredentialError('invalid', 'HS256 tokens are not accepted');
      return settings.secret;
    }
    // Local sets first; the remote set is asked last, so a local kid never costs a fetch.
    let lastError: unknown;
    for (const keySet of keySets) {
      try {
        return await keySet(header, input);
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError ?? new CredentialError('unknown-key', 'No key matches the token');
  };

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms,
        issuer: settings.issuer as string | string[],
        audience: settings.audience as string | string[],
        clockTolerance: settings.clockSkewSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
        ...(settings.now ? { currentDate: settings.now() } : {}),
      });
      return identityFromClaims(payload, claims);
    } catch (err) {
      throw toCredentialError(err);
    }
  };
}

/** jose's errors, as reasons and messages that say what is wrong without echoing the token. */
function toCredentialError(err: unknown): CredentialError {
  if (err instanceof CredentialError) return err;
  if (err instanceof errors.JWTExpired) return new CredentialError('expired', 'The token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    return new CredentialError('claims', `The token's "${err.claim}" claim is not accepted (${err.reason})`);
  }
  if (err instanceof errors.JWKSNoMatchingKey) return new CredentialError('unknown-key', 'No key matches the token');
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return new CredentialError('keys-unavailable', 'The token signing keys could not be loaded');
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return new CredentialError('invalid', 'The token algorithm is not accepted');
  // The generic code is only used for a JWKS response that is not 200 or not JSON.
  if (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') {
    return new CredentialError('keys-unavailable', 'The token signing keys could not be loaded');
  }
  if (err instanceof errors.JOSEError) return new CredentialError('invalid', 'The token is not valid');
  // A failed JWKS fetch (network error) surfaces as a plain error from fetch.
  return new CredentialError('keys-unavailable', 'The token signing keys could not be loaded');
}
