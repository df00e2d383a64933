// `npm start`: the whole platform in one process. Without TEMPORAL_ADDRESS it starts the embedded
// Temporal engine on a data directory (development, tests, single machine); with it, it connects to
// that cluster. Prints where everything is and a request to paste once it is ready.
import { loadConfig } from './config';
import { createLogger } from './logger';
import { platformOptionsFromConfig } from './platform/platform-config';
import { startPlatform } from './platform/start-platform';
import { installSdkLogging } from './temporal/sdk-logging';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.env.LOG_LEVEL, name: 'a2a-temporal' });
  installSdkLogging(logger);
  const platform = await startPlatform(platformOptionsFromConfig(config, logger));

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
          ...(platform.tools?.toolServer ? [`  MCP tools: ${platform.tools.toolServer.url}   (document-verification tools, Streamable HTTP)`] : []),
          `  Model:     ${platform.tools?.model ? `${platform.tools.model.model} at ${platform.tools.model.baseUrl ?? 'the provider default'}` : 'none configured: agents run their deterministic steps (set OPENAI_BASE_URL, OPENAI_MODEL)'}`,
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
