// Configuration of `npm run mcp`, read from the environment once, by main.ts only. Everything is
// validated up front so a bad value stops the start with a message naming the variable. Like
// `npm start` it keeps state in DATA_DIR: the artifact store (sealed with the payload keys) and, in
// development, the generated payload key and bearer token under DATA_DIR/secrets.
import path from 'node:path';
import { z } from 'zod';
import { s3StoreSettingsFromEnv, type S3StoreSettings } from '../platform/s3-store-settings';
import { parseTokenGrants, type TokenGrant } from './bearer-auth';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  MCP_HOST: z.string().min(1).default('127.0.0.1'),
  MCP_PORT: int(0, 65535).default(8081),
  MCP_TOKENS: z.string().optional(),
  MCP_REQUIRE_TOKEN: flag.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  ARTIFACT_STORE_DIR: z.string().min(1).optional(),
  /** The bucket the API and workers share (see s3-store-settings.ts), instead of the directory. */
  ARTIFACT_STORE_URL: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL: z.url().optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
  PAYLOAD_ENCRYPTION_KEYS: z.string().min(1).optional(),
  PAYLOAD_ENCRYPTION_ACTIVE_KEY: z.string().min(1).optional(),
  PAYLOAD_ENCRYPTION_DISABLED: flag.default(false),
  ARTIFACT_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(25 * 1024 * 1024),
  MCP_MAX_INLINE_BYTES: int(1024, 256 * 1024 * 1024).default(10 * 1024 * 1024),
  MCP_MAX_BODY_BYTES: int(1024, 512 * 1024 * 1024).optional(),
  MCP_TOOL_TIMEOUT_MS: int(100, 10 * 60_000).default(30_000),
  MCP_PDF_WORKERS: int(1, 64).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface McpConfig {
  mode: 'http' | 'stdio';
  host: string;
  port: number;
  tokens: TokenGrant[];
  /**
   * HTTP requests need a bearer token unless MCP_REQUIRE_TOKEN=false: MCP_TOKENS, else in development
   * the token generated into DATA_DIR/secrets (production refuses to start without MCP_TOKENS). Stdio
   * has no network side, only the process that spawned the server, so it takes no token.
   */
  requireToken: boolean;
  production: boolean;
  dataDir: string;
  artifactDir: string;
  /** An S3-compatible bucket instead of artifactDir (ARTIFACT_STORE_URL). */
  artifactBucket?: S3StoreSettings;
  /** Blob encryption at rest: the payload keys as `npm start` reads them; undefined when turned off. */
  payloadKeys?: { keys?: string; activeKeyId?: string };
  artifactMaxBytes: number;
  maxInlineBytes: number;
  maxBodyBytes?: number;
  toolTimeoutMs: number;
  pdfWorkers?: number;
  logLevel: string;
}

export function loadMcpConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): McpConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid MCP server configuration: ${problems}`);
  }
  const e = parsed.data;
  let tokens: TokenGrant[];
  try {
    tokens = e.MCP_TOKENS ? parseTokenGrants(e.MCP_TOKENS) : [];
  } catch (error) {
    throw new Error(`invalid MCP_TOKENS: ${(error as Error).message}`, { cause: error });
  }
  return {
    mode: argv.includes('--stdio') ? 'stdio' : 'http',
    host: e.MCP_HOST,
    port: e.MCP_PORT,
    tokens,
    requireToken: e.MCP_REQUIRE_TOKEN ?? true,
    production: e.NODE_ENV === 'production',
    dataDir: e.DATA_DIR,
    artifactDir: e.ARTIFACT_STORE_DIR ?? path.join(e.DATA_DIR, 'artifacts'),
    ...(e.ARTIFACT_STORE_URL ? { artifactBucket: s3StoreSettingsFromEnv(e) } : {}),
    ...(e.PAYLOAD_ENCRYPTION_DISABLED
      ? {}
      : { payloadKeys: { ...(e.PAYLOAD_ENCRYPTION_KEYS ? { keys: e.PAYLOAD_ENCRYPTION_KEYS } : {}), ...(e.PAYLOAD_ENCRYPTION_ACTIVE_KEY ? { activeKeyId: e.PAYLOAD_ENCRYPTION_ACTIVE_KEY } : {}) } }),
    artifactMaxBytes: e.ARTIFACT_MAX_BYTES,
    maxInlineBytes: e.MCP_MAX_INLINE_BYTES,
    ...(e.MCP_MAX_BODY_BYTES ? { maxBodyBytes: e.MCP_MAX_BODY_BYTES } : {}),
    toolTimeoutMs: e.MCP_TOOL_TIMEOUT_MS,
    ...(e.MCP_PDF_WORKERS ? { pdfWorkers: e.MCP_PDF_WORKERS } : {}),
    logLevel: e.LOG_LEVEL,
  };
}
