// The process configuration, read from the environment once by the entry points and validated with
// zod; a bad value stops start-up with a message naming the variable. Nothing else reads process.env.
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from './document-verification/duration';

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

/** A duration such as "30d", "12h", "90m", in milliseconds; with `orOff`, "0" or "off" is none (undefined). */
function durationMs(defaultText: string, options: { orOff: true }): z.ZodType<number | undefined, string | undefined>;
function durationMs(defaultText: string): z.ZodType<number, string | undefined>;
function durationMs(defaultText: string, options: { orOff?: boolean } = {}): z.ZodType<number | undefined, string | undefined> {
  return z
    .string()
    .default(defaultText)
    .transform((value, ctx) => {
      const text = value.trim().toLowerCase();
      if (options.orOff && (text === '0' || text === 'off')) return undefined;
      const ms = parseDuration(text);
      if (ms !== undefined && ms > 0) return ms;
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration such as 30d, 12h or 90m${options.orOff ? ' (0 or off: none)' : ''}` });
      return z.NEVER;
    });
}

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),

  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(8080),
  PUBLIC_BASE_URL: z.url().optional(),
  BODY_LIMIT_BYTES: positiveInt.default(10 * 1024 * 1024),
  SSE_HEARTBEAT_MS: positiveInt.default(15_000),
  /** How often the approvals feeds read visibility, once per listing key (api/approvals/approval-feeds.ts). */
  APPROVALS_POLL_MS: positiveInt.default(5_000),
  BLOCKING_SEND_MAX_WAIT_MS: positiveInt.default(10 * 60_000),
  /** How long a read waits for a worker's query answer before answering from the published copy. */
  READ_QUERY_WAIT_MS: positiveInt.default(1_500),

  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('a2a-tasks'),
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_API_KEY: optionalText,
  ENGINE_PORT: port.default(7233),
  ENGINE_DATA_DIR: optionalText,
  ENGINE_FSYNC: flag.default(false),

  RUN_API: flag.default(true),
  RUN_WORKER: flag.default(true),
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.optional(),

  AGENTS_CONFIG: optionalText,

  ARTIFACT_STORE_DIR: optionalText,
  /** An S3-compatible bucket instead of the directory, `s3://bucket/prefix`, with the standard AWS variables below. */
  ARTIFACT_STORE_URL: optionalText,
  AWS_REGION: optionalText,
  /** A custom S3 endpoint (MinIO, Ceph, R2...), addressed path style; the S3-specific name wins. */
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL: z.url().optional(),
  /** Static keys; without them the AWS SDK's default credential chain (profile, SSO, web identity, instance role). */
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  ARTIFACT_MAX_BYTES: positiveInt.default(25 * 1024 * 1024),
  /** Inline file parts above this go to the artifact store before the message enters history (default 64 KiB). */
  ARTIFACT_INLINE_THRESHOLD_BYTES: positiveInt.optional(),
  /** Download links of stored parts: HMAC secret (default: generated into DATA_DIR) and lifetime. */
  ARTIFACT_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ARTIFACT_URL_TTL_SECONDS: positiveInt.default(3600),
  /** Decision links in approver notifications: HMAC secret shared by API and workers (default: generated into DATA_DIR). */
  DECISION_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Limits on one incoming message (defaults in api/artifacts/inbound-parts.ts). */
  MESSAGE_MAX_PARTS: positiveInt.optional(),
  MESSAGE_MAX_PART_BYTES: positiveInt.optional(),
  MESSAGE_MAX_BYTES: positiveInt.optional(),
  MESSAGE_MAX_INLINE_BYTES: positiveInt.optional(),

  OPENAI_BASE_URL: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: optionalText,
  OPENAI_TIMEOUT_MS: positiveInt.optional(),

  RUN_MCP: flag.default(true),
  MCP_HOST: z.string().default('127.0.0.1'),
  MCP_PORT: port.default(8081),
  MCP_TOKENS: optionalText,
  MCP_TOOL_TIMEOUT_MS: positiveInt.default(30_000),
  /** The document tool server when it runs elsewhere (then RUN_MCP=false). */
  MCP_DOCUMENTS_URL: z.url().optional(),
  MCP_DOCUMENTS_TOKEN: optionalText,

  /** Authentication (src/auth). On unless AUTH_DISABLED; production refuses to start without a key source. */
  AUTH_DISABLED: flag.default(false),
  /** HS256 shared secret (at least 32 bytes); development generates one in DATA_DIR when no key source is set. */
  AUTH_JWT_SECRET: optionalText,
  AUTH_JWKS_FILE: optionalText,
  AUTH_JWKS_URL: z.url().optional(),
  /** Accepted `iss` / `aud` values, comma-separated; required with a JWKS, default `a2a-temporal` with a secret. */
  AUTH_JWT_ISSUER: optionalText,
  AUTH_JWT_AUDIENCE: optionalText,
  /** Algorithms accepted with JWKS keys. */
  AUTH_JWT_ALGORITHMS: list.default(['RS256', 'ES256']),
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant'),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** Holders of this role act as owner of every task of their tenant (cancel, push configs); empty for none. */
  AUTH_OPERATOR_ROLE: z.string().trim().default('a2a-operator'),
  /** Tenant of tokens without a tenant claim; unset refuses them. */
  AUTH_DEFAULT_TENANT: optionalText,
  /** JSON `{ "keys": [{ id, sha256, tenant, subject, scopes, roles, expiresAt? }] }` (hashes only). */
  AUTH_API_KEYS_FILE: optionalText,
  AUTH_API_KEY_HEADER: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).default('X-API-Key'),
  /** Lifetime of the development tokens `npm start` prints. */
  AUTH_DEV_TOKEN_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),

  /** Payload encryption (src/codec): `<keyId>:<base64 32 bytes>`, comma-separated; the first is active. */
  PAYLOAD_ENCRYPTION_KEYS: optionalText,
  PAYLOAD_ENCRYPTION_ACTIVE_KEY: optionalText,
  PAYLOAD_ENCRYPTION_DISABLED: flag.default(false),
  /** Web UI origins (comma-separated) allowed to call the codec server at /codec; default the dev server's UI. */
  CODEC_CORS_ORIGIN: list.pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each entry must be an origin, scheme://host[:port] without a path or trailing slash'))).optional(),

  /** Per-principal limits of the API; 0 turns one off. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(50),
  RATE_LIMIT_BURST: positiveInt.optional(),
  MAX_STREAMS_PER_PRINCIPAL: z.coerce.number().int().min(0).default(100),

  /**
   * Prometheus metrics (src/metrics): always at `GET /metrics` of the API for operators; with
   * METRICS_PORT also without credentials on METRICS_HOST:METRICS_PORT (loopback by default). With
   * TEMPORAL_METRICS_PORT the worker's Temporal SDK core serves its own metrics on 127.0.0.1 there,
   * and this process's /metrics appends them.
   */
  METRICS_DISABLED: flag.default(false),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: port.optional(),
  TEMPORAL_METRICS_PORT: port.min(1).optional(),

  PUSH_WEBHOOK_ALLOWLIST: list.default([]),
  PUSH_ALLOW_HTTP: flag.optional(),
  PUSH_TIMEOUT_MS: positiveInt.default(15_000),

  /** Approver notifications: webhook signing secrets as `name=secret,…` (channels name them), and SMTP. */
  APPROVAL_NOTIFY_SECRETS: list
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}=.{16,}$/, 'each entry must be name=secret, the secret at least 16 characters')))
    .transform((entries) => Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])))
    .optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^/\s@]+$/, 'must be smtp://host:port or smtps://host:port (credentials in SMTP_USER / SMTP_PASSWORD)').optional(),
  SMTP_FROM: z.string().default('a2a-temporal <approvals@localhost>'),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  /** Artifacts and documents of tasks closed longer than this are deleted (README "Retention"); 0/off keeps them. */
  RETENTION_PERIOD: durationMs('30d', { orOff: true }),
  RETENTION_SWEEP_EVERY: durationMs('1h'),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface AppConfig {
  env: Env;
  production: boolean;
  engineDataDir: string;
  artifactDir: string;
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    env,
    production: env.NODE_ENV === 'production',
    engineDataDir: env.ENGINE_DATA_DIR ?? path.join(env.DATA_DIR, 'engine'),
    artifactDir: env.ARTIFACT_STORE_DIR ?? path.join(env.DATA_DIR, 'artifacts'),
  };
}

/**
 * What NODE_ENV=production needs and development generates into DATA_DIR, checked all at once by the
 * entry point before anything starts or writes there, so one error lists every missing variable.
 * The resolvers (src/platform/*-config.ts) still refuse on their own; this only gathers their rules.
 */
export function checkProductionSettings(config: AppConfig): void {
  if (!config.production) return;
  const { env } = config;
  const missing: string[] = [];
  const hasJwks = Boolean(env.AUTH_JWKS_FILE || env.AUTH_JWKS_URL);
  if (!env.AUTH_DISABLED && !env.AUTH_JWT_SECRET && !hasJwks && !env.AUTH_API_KEYS_FILE) {
    missing.push('AUTH_JWT_SECRET, AUTH_JWKS_FILE / AUTH_JWKS_URL or AUTH_API_KEYS_FILE: authentication (AUTH_DISABLED=true runs without)');
  }
  if (!env.AUTH_DISABLED && hasJwks && (!env.AUTH_JWT_ISSUER || !env.AUTH_JWT_AUDIENCE)) {
    missing.push('AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE: required with AUTH_JWKS_FILE or AUTH_JWKS_URL');
  }
  if (!env.PAYLOAD_ENCRYPTION_DISABLED && !env.PAYLOAD_ENCRYPTION_KEYS) {
    missing.push('PAYLOAD_ENCRYPTION_KEYS: <keyId>:<base64 of 32 bytes>, so history holds no secrets (PAYLOAD_ENCRYPTION_DISABLED=true runs without)');
  }
  if (!env.ARTIFACT_URL_SECRET) missing.push('ARTIFACT_URL_SECRET: at least 32 characters, shared by every API process, to sign download links');
  if (!env.DECISION_LINK_SECRET) missing.push('DECISION_LINK_SECRET: at least 32 characters, shared by every API and worker process, to sign decision links');
  const runsToolServer = env.RUN_MCP && env.RUN_WORKER && !env.MCP_DOCUMENTS_URL;
  if (runsToolServer && !env.MCP_TOKENS) {
    missing.push('MCP_TOKENS: bearer tokens of the in-process document tool server, each at least 16 characters (or RUN_MCP=false with MCP_DOCUMENTS_URL)');
  }
  if (missing.length > 0) {
    throw new ConfigError(`NODE_ENV=production needs these settings:\n${missing.map((line) => `  ${line}`).join('\n')}`);
  }
}
