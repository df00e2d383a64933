// Maps the validated process configuration onto platform options, so `npm start` and anything that
// must run exactly like it (the A2A benchmark's API process) share one wiring.
import { createAgentRegistry } from '../agents/agent-registry';
import { loadAgentsConfigFile } from '../agents/agents-config';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import type { PlatformOptions } from './start-platform';

export function platformOptionsFromConfig(config: AppConfig, logger: Logger): PlatformOptions {
  const { env } = config;
  const agents = createAgentRegistry({
    ...(env.AGENTS_CONFIG ? { config: loadAgentsConfigFile(env.AGENTS_CONFIG), source: env.AGENTS_CONFIG } : {}),
  });
  return {
    logger,
    agents,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      tls: env.TEMPORAL_TLS,
      apiKey: env.TEMPORAL_API_KEY,
      embedded: { port: env.ENGINE_PORT, dataDir: config.engineDataDir, fsync: env.ENGINE_FSYNC },
    },
    api: {
      enabled: env.RUN_API,
      host: env.HOST,
      port: env.PORT,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      heartbeatMs: env.SSE_HEARTBEAT_MS,
    },
    taskLimits: { maxBlockingWaitMs: env.BLOCKING_SEND_MAX_WAIT_MS },
    worker: { enabled: env.RUN_WORKER, maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS },
    webhooks: {
      allowlist: env.PUSH_WEBHOOK_ALLOWLIST,
      allowHttp: env.PUSH_ALLOW_HTTP ?? !config.production,
      timeoutMs: env.PUSH_TIMEOUT_MS,
    },
  };
}
