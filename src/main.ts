// `npm start`: the whole platform in one process. Without TEMPORAL_ADDRESS it starts the embedded
// Temporal engine on a data directory (development, tests, single machine); with it, it connects to
// that cluster. Prints where everything is and a request to paste once it is ready; in development
// also the tokens of a user and an approver (written to <DATA_DIR>/dev-tokens.json).
// package.json runs it (and the engine) with --max-semi-space-size=4: V8's default 16 MiB semi-spaces
// hold up to 32 MiB of young generation per isolate (the worker has two), which with 10,000 parked
// tasks was up to a tenth of the deployment's RSS; the requests here allocate little that lives long.
import { checkProductionSettings, loadConfig } from './config';
import { createLogger } from './logger';
import { writeDevTokens } from './platform/dev-tokens';
import { devMcpTokenFile } from './platform/mcp-dev-token';
import { explainPortInUse, platformOptionsFromConfig, resolveSecurity } from './platform/platform-config';
import { startPlatform, type Platform } from './platform/start-platform';
import { DEFAULT_SERVICE_NAMES, startTracing } from './telemetry/tracing';

export async function main(environment: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(environment);
  checkProductionSettings(config);
  const logger = createLogger({ level: config.env.LOG_LEVEL, name: 'a2a-temporal' });
  const security = resolveSecurity(config, logger);
  const options = platformOptionsFromConfig(config, logger, security);
  // Before anything that makes spans; an API-less process (npm run worker) is named the worker.
  const tracing = startTracing({ env: environment, defaultServiceName: config.env.RUN_API ? DEFAULT_SERVICE_NAMES.api : DEFAULT_SERVICE_NAMES.worker });
  // This process owns SIGINT/SIGTERM: the API must finish (streams closed with a retry hint, waiting
  // requests answered, which may take a query) before the worker drains, so the SDK runtime (set up
  // by the worker side, only where a worker runs) must not stop the worker on its own.
  const platform = await startPlatform({ ...options, tracing, worker: { ...options.worker, sdkRuntime: { ...options.worker.sdkRuntime, shutdownSignals: [] } } }).catch((err: unknown) => {
    throw explainPortInUse(err, config);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: closing streams with a retry hint, draining the worker');
    await platform.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const base = platform.api?.url;
  const dev = base && security.auth.development ? await writeDevTokens({ config, signing: security.auth.development, baseUrl: base }) : undefined;
  const userToken = dev?.content.tokens['dev-user']?.token;
  const auth = security.auth.authenticator;
  const lines = [
    '',
    `a2a-temporal is ready`,
    `  Temporal:  ${platform.temporal.address}${platform.temporal.embedded ? ` (embedded engine, data in ${config.engineDataDir})` : ''}`,
    ...metricsLines(platform, config.env.METRICS_DISABLED ? undefined : base),
    ...(base
      ? [
          `  A2A API:   ${base}   (agents: ${base}/agents, card: ${base}/.well-known/agent-card.json)`,
          `  Inbox:     ${base}/inbox/   (approvals page; sign in with a token below, see README "Approvals inbox")`,
          ...(platform.tools?.toolServer
            ? [`  MCP tools: ${platform.tools.toolServer.url}   (document-verification tools, Streamable HTTP; bearer token ${config.env.MCP_TOKENS ? 'from MCP_TOKENS' : `in ${devMcpTokenFile(config.env.DATA_DIR)}`})`]
            : []),
          `  Model:     ${platform.tools?.model ? `${platform.tools.model.model} at ${platform.tools.model.baseUrl ?? 'the provider default'}` : 'none configured: agents run their deterministic steps (set OPENAI_BASE_URL, OPENAI_MODEL)'}`,
          `  Auth:      ${security.auth.summary.join('; ')}`,
          `  History:   payload encryption ${security.codec.summary}`,
          ...(dev
            ? [
                '',
                `Development tokens (valid until ${dev.content.expiresAt}; also in ${dev.file}):`,
                ...Object.values(dev.content.tokens).map((t) => `  ${t.subject} (tenant ${t.tenant}, ${t.description}):\n    ${t.token}`),
              ]
            : []),
          '',
          'Try it:',
          ...(userToken ? [`  export A2A_TOKEN=${userToken}`] : []),
          `  curl -s ${base}/agents/echo/message:send -H 'content-type: application/json' -H 'A2A-Version: 1.0' \\`,
          ...(auth
            ? [userToken ? `    -H "Authorization: Bearer $A2A_TOKEN" \\` : `    -H "Authorization: Bearer <token>" \\`]
            : []),
          `    -d '{"message":{"messageId":"hello-1","role":"ROLE_USER","parts":[{"text":"hello"}]}}'`,
        ]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** Where this process's metrics are: on the API for operators, on the metrics port for scrapers. */
function metricsLines(platform: Platform, apiBase: string | undefined): string[] {
  const places = [
    ...(apiBase ? [`${apiBase}/metrics (operators)`] : []),
    ...(platform.metricsServer ? [`${platform.metricsServer.url} (no credentials, for scrapers)`] : []),
  ];
  return places.length ? [`  Metrics:   ${places.join('; ')}`] : [];
}

export function runMain(): void {
  main().catch((err) => {
    process.stderr.write(`a2a-temporal failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

if (require.main === module) runMain();
