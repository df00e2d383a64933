// Maps the validated process configuration onto platform options, so `npm start` and anything that
// must run exactly like it (the A2A benchmark's API process) share one wiring.
import path from 'node:path';
import { createAgentRegistry } from '../agents/agent-registry';
import { loadAgentsConfigFile } from '../agents/agents-config';
import { modelConfigFromEnv } from '../agent-runtime/model-config';
import { ConfigError, type AppConfig } from '../config';
import { parseTokenGrants } from '../mcp-server/bearer-auth';
import type { Logger } from '../logger';
import { resolveAuth, type ResolvedAuth } from './auth-config';
import { resolvePayloadCodec, type ResolvedCodec } from './codec-config';
import { metricsOptions, temporalMetricsRuntime } from './metrics-config';
import { devMcpTokenFile, devMcpTokenGrant } from './mcp-dev-token';
import { s3StoreSettingsFromEnv } from './s3-store-settings';
import type { ToolServerSettings } from './agent-tools';
import type { PlatformOptions } from './start-platform';
import { embeddedNamespaceRetentionMs } from '../retention/namespace-retention';

/** Security settings resolved once by the entry point (which also prints them); resolved here otherwise. */
export interface ResolvedSecurity {
  auth: ResolvedAuth;
  codec: ResolvedCodec;
}

export function resolveSecurity(config: AppConfig, logger: Logger): ResolvedSecurity {
  return { auth: resolveAuth(config, logger), codec: resolvePayloadCodec(config, logger) };
}

export function platformOptionsFromConfig(config: AppConfig, logger: Logger, security = resolveSecurity(config, logger)): PlatformOptions {
  const { env } = config;
  const agents = createAgentRegistry({
    ...(env.AGENTS_CONFIG ? { config: loadAgentsConfigFile(env.AGENTS_CONFIG), source: env.AGENTS_CONFIG } : {}),
  });
  const engineRetentionMs = embeddedNamespaceRetentionMs({ periodMs: env.RETENTION_PERIOD, sweepEveryMs: env.RETENTION_SWEEP_EVERY });
  return {
    logger,
    agents,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      tls: env.TEMPORAL_TLS,
      apiKey: env.TEMPORAL_API_KEY,
      embedded: {
        port: env.ENGINE_PORT,
        dataDir: config.engineDataDir,
        fsync: env.ENGINE_FSYNC,
        // The embedded engine's namespace keeps closed runs as long as the sweep needs to see them.
        ...(engineRetentionMs ? { retentionMs: engineRetentionMs } : {}),
      },
      payloadCodec: security.codec.codec,
    },
    authenticator: security.auth.authenticator,
    // npm scripts run in the repository root, where `npm run build:inbox` writes the page.
    inbox: { dir: path.resolve('inbox/build'), approvalsPollMs: env.APPROVALS_POLL_MS },
    api: {
      enabled: env.RUN_API,
      host: env.HOST,
      port: env.PORT,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      heartbeatMs: env.SSE_HEARTBEAT_MS,
      limits: {
        ...(env.RATE_LIMIT_PER_SECOND > 0
          ? { rate: { perSecond: env.RATE_LIMIT_PER_SECOND, ...(env.RATE_LIMIT_BURST ? { burst: env.RATE_LIMIT_BURST } : {}) } }
          : {}),
        ...(env.MAX_STREAMS_PER_PRINCIPAL > 0 ? { maxStreamsPerPrincipal: env.MAX_STREAMS_PER_PRINCIPAL } : {}),
      },
    },
    taskLimits: { maxBlockingWaitMs: env.BLOCKING_SEND_MAX_WAIT_MS },
    reads: { queryWaitMs: env.READ_QUERY_WAIT_MS },
    operatorRole: env.AUTH_OPERATOR_ROLE,
    ...(env.CODEC_CORS_ORIGIN ? { codecCorsOrigins: env.CODEC_CORS_ORIGIN } : {}),
    artifacts: { directory: config.artifactDir, s3: s3StoreSettingsFromEnv(env), maxBlobBytes: env.ARTIFACT_MAX_BYTES, encryption: security.codec.keys },
    inbound: {
      inlineThresholdBytes: env.ARTIFACT_INLINE_THRESHOLD_BYTES,
      maxParts: env.MESSAGE_MAX_PARTS,
      maxPartBytes: env.MESSAGE_MAX_PART_BYTES,
      maxMessageBytes: env.MESSAGE_MAX_BYTES,
      maxInlineBytes: env.MESSAGE_MAX_INLINE_BYTES,
    },
    downloads: downloadLinkSettings(config),
    decisionLinks: decisionLinkSettings(config),
    notifications: {
      secrets: env.APPROVAL_NOTIFY_SECRETS ?? {},
      ...(env.SMTP_URL
        ? { smtp: { url: env.SMTP_URL, from: env.SMTP_FROM, ...(env.SMTP_USER ? { user: env.SMTP_USER, password: env.SMTP_PASSWORD ?? '' } : {}) } }
        : {}),
    },
    model: modelConfigFromEnv({
      OPENAI_BASE_URL: env.OPENAI_BASE_URL,
      OPENAI_API_KEY: env.OPENAI_API_KEY,
      OPENAI_MODEL: env.OPENAI_MODEL,
      OPENAI_TIMEOUT_MS: env.OPENAI_TIMEOUT_MS?.toString(),
    }),
    ...(env.MCP_DOCUMENTS_URL
      ? { mcpServers: { documents: { url: env.MCP_DOCUMENTS_URL, ...(env.MCP_DOCUMENTS_TOKEN ? { bearerToken: env.MCP_DOCUMENTS_TOKEN } : {}) } } }
      : {}),
    toolServer: toolServerSettings(config),
    worker: { enabled: env.RUN_WORKER, maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS, ...temporalMetricsRuntime(env) },
    retention: { periodMs: env.RETENTION_PERIOD, sweepEveryMs: env.RETENTION_SWEEP_EVERY },
    ...metricsOptions(env),
    webhooks: {
      allowlist: env.PUSH_WEBHOOK_ALLOWLIST,
      allowHttp: env.PUSH_ALLOW_HTTP ?? !config.production,
      timeoutMs: env.PUSH_TIMEOUT_MS,
    },
  };
}

export const devArtifactLinkKeyFile = (config: AppConfig) => path.join(config.env.DATA_DIR, 'secrets', 'artifact-links.key');

/**
 * The key of download links: ARTIFACT_URL_SECRET, else (development only) one generated into the data
 * directory. Production needs it configured, so every API process signs and checks with the same key.
 */
export function downloadLinkSettings(config: AppConfig): PlatformOptions['downloads'] {
  const { env } = config;
  if (env.ARTIFACT_URL_SECRET) return { secret: env.ARTIFACT_URL_SECRET, ttlSeconds: env.ARTIFACT_URL_TTL_SECONDS };
  if (config.production) {
    throw new ConfigError('NODE_ENV=production needs ARTIFACT_URL_SECRET (at least 32 characters), shared by every API process, to sign download links');
  }
  return { secretFile: devArtifactLinkKeyFile(config), ttlSeconds: env.ARTIFACT_URL_TTL_SECONDS };
}

export const devDecisionLinkKeyFile = (config: AppConfig) => path.join(config.env.DATA_DIR, 'secrets', 'decision-links.key');

/** The key of decision links, as for download links: DECISION_LINK_SECRET, else (development only) a generated one. */
export function decisionLinkSettings(config: AppConfig): PlatformOptions['decisionLinks'] {
  if (config.env.DECISION_LINK_SECRET) return { secret: config.env.DECISION_LINK_SECRET };
  if (config.production) {
    throw new ConfigError('NODE_ENV=production needs DECISION_LINK_SECRET (at least 32 characters), shared by every API and worker process, to sign decision links');
  }
  return { secretFile: devDecisionLinkKeyFile(config) };
}

/**
 * The in-process tool server always requires a token: MCP_TOKENS (the first is the worker's), else in
 * development one generated into the data directory; production without MCP_TOKENS refuses to start.
 */
export function toolServerSettings(config: AppConfig): ToolServerSettings {
  const { env } = config;
  const enabled = env.RUN_MCP && env.RUN_WORKER && !env.MCP_DOCUMENTS_URL;
  const tokens = env.MCP_TOKENS ? parseTokenGrants(env.MCP_TOKENS) : enabled && !config.production ? [devMcpTokenGrant(devMcpTokenFile(env.DATA_DIR))] : [];
  return { enabled, host: env.MCP_HOST, port: env.MCP_PORT, tokens, requireToken: true, toolTimeoutMs: env.MCP_TOOL_TIMEOUT_MS };
}

/**
 * A listener that could not bind is reported under the setting that chose its port, so the operator
 * knows which variable to change; other errors pass through unchanged.
 */
export function explainPortInUse(err: unknown, config: AppConfig): unknown {
  const message = err instanceof Error ? err.message : String(err);
  const match = /EADDRINUSE[^\]]*?:(\d+)\b/.exec(message);
  if (!match) return err;
  const port = Number(match[1]);
  const { env } = config;
  const candidates: Array<[string, number, boolean]> = [
    ['ENGINE_PORT', env.ENGINE_PORT, !env.TEMPORAL_ADDRESS],
    ['PORT', env.PORT, env.RUN_API],
    ['MCP_PORT', env.MCP_PORT, env.RUN_MCP && env.RUN_WORKER && !env.MCP_DOCUMENTS_URL],
    ['METRICS_PORT', env.METRICS_PORT ?? -1, !env.METRICS_DISABLED],
  ];
  const names = candidates.filter(([, value, used]) => used && value === port).map(([name]) => `${name}=${port}`);
  if (names.length === 0) return err;
  return new ConfigError(
    `${names.join(' / ')}: port ${port} is already in use (another a2a-temporal, Temporal or other server?); ` +
      `stop it or set ${names.map((n) => n.split('=')[0]).join(' / ')} to a free port (0 picks one)`,
  );
}
