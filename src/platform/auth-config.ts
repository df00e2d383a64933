// Authentication from the process configuration. Auth is on unless AUTH_DISABLED=true (which is
// logged as a warning). Key sources: AUTH_JWT_SECRET (HS256), AUTH_JWKS_FILE / AUTH_JWKS_URL
// (RS256/ES256), AUTH_API_KEYS_FILE. Without a JWT source, development generates an HS256 secret once
// in `<DATA_DIR>/secrets/` (so `npm start` can print tokens); production without any refuses to start.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseApiKeys, type ApiKeyEntry } from '../auth/api-keys';
import { createAuthenticator, describeAuth, type Authenticator, type AuthSettings } from '../auth/authenticator';
import { MIN_SECRET_BYTES, type JwtSettings } from '../auth/jwt-verifier';
import { ConfigError, type AppConfig } from '../config';
import type { Logger } from '../logger';
import { readOrCreateSecretFile } from './secret-file';

export const DEFAULT_ISSUER = 'a2a-temporal';
export const DEFAULT_AUDIENCE = 'a2a-temporal';

/** What `npm start` needs to mint development tokens (never set in production). */
export interface DevSigning {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  tenantClaim: string;
  rolesClaim: string;
  /** Where the generated secret lives, when it was generated. */
  secretFile?: string;
}

export interface ResolvedAuth {
  /** Undefined when authentication is disabled. */
  authenticator?: Authenticator;
  settings?: AuthSettings;
  development?: DevSigning;
  /** One line per key source, for the start-up banner. */
  summary: string[];
}

export const devSecretFile = (config: AppConfig) => path.join(config.env.DATA_DIR, 'secrets', 'jwt-hs256.key');

const values = (list: string | undefined) => list?.split(',').map((v) => v.trim()).filter(Boolean);

export function resolveAuth(config: AppConfig, logger: Logger): ResolvedAuth {
  const { env } = config;
  if (env.AUTH_DISABLED) {
    logger.warn('AUTH_DISABLED=true: every request is served as the anonymous principal, with no tenant isolation worth the name');
    return { summary: ['disabled (AUTH_DISABLED=true): every caller is anonymous'] };
  }
  const hasJwks = Boolean(env.AUTH_JWKS_FILE || env.AUTH_JWKS_URL);
  const apiKeys = env.AUTH_API_KEYS_FILE ? loadApiKeys(env.AUTH_API_KEYS_FILE) : [];
  const configured = Boolean(env.AUTH_JWT_SECRET) || hasJwks || apiKeys.length > 0;
  if (!configured && config.production) {
    throw new ConfigError(
      'NODE_ENV=production needs authentication: set AUTH_JWT_SECRET, AUTH_JWKS_FILE or AUTH_JWKS_URL ' +
        '(with AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE), or AUTH_API_KEYS_FILE; AUTH_DISABLED=true runs without it',
    );
  }
  if (hasJwks && (!env.AUTH_JWT_ISSUER || !env.AUTH_JWT_AUDIENCE)) {
    throw new ConfigError('AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required with AUTH_JWKS_FILE or AUTH_JWKS_URL');
  }

  let secret: Uint8Array | undefined;
  let secretFile: string | undefined;
  if (env.AUTH_JWT_SECRET) {
    secret = new TextEncoder().encode(env.AUTH_JWT_SECRET);
    if (secret.byteLength < MIN_SECRET_BYTES) throw new ConfigError(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  } else if (!hasJwks && !config.production) {
    // Development without a JWT source: a generated secret, so `npm start` can mint tokens.
    secretFile = devSecretFile(config);
    secret = new TextEncoder().encode(readOrCreateSecretFile(secretFile, () => randomBytes(32).toString('base64url') + '\n').trim());
  }

  const issuer = values(env.AUTH_JWT_ISSUER) ?? [DEFAULT_ISSUER];
  const audience = values(env.AUTH_JWT_AUDIENCE) ?? [DEFAULT_AUDIENCE];
  const claims = { tenant: env.AUTH_TENANT_CLAIM, roles: env.AUTH_ROLES_CLAIM, ...(env.AUTH_DEFAULT_TENANT ? { defaultTenant: env.AUTH_DEFAULT_TENANT } : {}) };
  const jwt: JwtSettings | undefined =
    secret || hasJwks
      ? {
          ...(secret ? { secret } : {}),
          ...(env.AUTH_JWKS_FILE ? { jwksFile: env.AUTH_JWKS_FILE } : {}),
          ...(env.AUTH_JWKS_URL ? { jwksUrl: env.AUTH_JWKS_URL } : {}),
          algorithms: env.AUTH_JWT_ALGORITHMS,
          issuer,
          audience,
          clockSkewSeconds: env.AUTH_CLOCK_SKEW_SECONDS,
          claims,
        }
      : undefined;
  const settings: AuthSettings = { ...(jwt ? { jwt } : {}), apiKeys, apiKeyHeader: env.AUTH_API_KEY_HEADER };
  let authenticator: Authenticator;
  try {
    authenticator = createAuthenticator(settings);
  } catch (err) {
    throw new ConfigError(`authentication: ${err instanceof Error ? err.message : String(err)}`);
  }
  const development =
    secret && !config.production
      ? { secret, issuer: issuer[0], audience: audience[0], tenantClaim: claims.tenant, rolesClaim: claims.roles, ...(secretFile ? { secretFile } : {}) }
      : undefined;
  const summary = describeAuth(settings).map((line) => (secretFile && line.includes('HS256') ? `${line}, generated in ${secretFile}` : line));
  return { authenticator, settings, development, summary };
}

function loadApiKeys(file: string): ApiKeyEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`AUTH_API_KEYS_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseApiKeys(text, `AUTH_API_KEYS_FILE ${file}`);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}
