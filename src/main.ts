// `npm start`: the whole platform in one process. Without TEMPORAL_ADDRESS it starts the embedded
// Temporal engine on a data directory (development, tests, single machine); with it, it connects to
// that cluster. Prints where everything is and a request to paste once it is ready.
import { createAgentRegistry } from './agents/agent-registry';
import { loadAgentsConfigFile } from './agents/agents-config';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startPlatform } from './platform/start-platform';
import { installSdkLogging } from './temporal/sdk-logging';

async function main(): Promise<void> {
  const config = loadConfig();
  const { env } = config;
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'a2a-temporal' });
  installSdkLogging(logger);
  const agents = createAgentRegistry({
    ...(env.AGENTS_CONFIG ? { config: loadAgentsConfigFile(env.AGENTS_CONFIG), source: env.AGENTS_CONFIG } : {}),
  });
  const platform = await startPlatform({
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
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: closing streams with a retry hint, draining the worker');
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const base = platform.api?.url;
  const lines = [
    '',
    `a2a-temporal is ready`,
    `  Temporal:  ${platform.temporal.address}${platform.temporal.embedded ? ` (embedded engine, data in ${config.engineDataDir})` : ''}`,
    ...(base
      ? [
          `  A2A API:   ${base}   (agents: ${base}/agents, card: ${base}/.well-known/agent-card.json)`,
          '',
          'Try it:',
          `  curl -s ${base}/agents/echo/message:send -H 'content-type: application/json' -H 'A2A-Version: 1.0' \\`,
          `    -d '{"message":{"messageId":"hello-1","role":"ROLE_USER","parts":[{"text":"hello"}]}}'`,
        ]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`a2a-temporal failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
