// Entry point of `npm run mcp`: reads configuration, builds the artifact store, PDF workers and
// logger, and serves the document tools over Streamable HTTP (default) or stdio (--stdio).
// The only module of the tool server that reads the environment.
import pino from 'pino';
import { createPdfExtractor, defaultVerificationPolicy } from '../documents';
import { createLogger } from '../logger';
import { openArtifactStore } from '../platform/artifact-store-setup';
import { loadMcpConfig } from './config';
import { startMcpHttpServer } from './http-server';
import { startMcpStdioServer } from './stdio-server';
import { resolveMcpSecrets } from './secrets';
import { createTextCache } from './text-source';
import { DEFAULT_SERVICE_NAMES, startTracing } from '../telemetry/tracing';

async function main(): Promise<void> {
  const config = loadMcpConfig(process.env, process.argv.slice(2));
  // In stdio mode stdout is the protocol channel; logs must go to stderr.
  const logger = createLogger({ level: config.logLevel, name: 'mcp-server', destination: config.mode === 'stdio' ? pino.destination(2) : undefined });
  const tracing = startTracing({ env: process.env, defaultServiceName: DEFAULT_SERVICE_NAMES.mcp, stdoutReserved: config.mode === 'stdio' });
  const secrets = resolveMcpSecrets(config);
  if (!secrets.encryption) logger.warn('PAYLOAD_ENCRYPTION_DISABLED=true: new documents and extracted text are stored in clear text');
  const store = await openArtifactStore({ directory: config.artifactDir, s3: config.artifactBucket, maxBlobBytes: config.artifactMaxBytes, encryption: secrets.encryption });
  const pdf = createPdfExtractor({ timeoutMs: config.toolTimeoutMs, ...(config.pdfWorkers ? { maxWorkers: config.pdfWorkers } : {}) });
  const deps = {
    store,
    pdf,
    policy: defaultVerificationPolicy(),
    logger,
    limits: { maxInlineBytes: config.maxInlineBytes, toolTimeoutMs: config.toolTimeoutMs },
    textCache: createTextCache(),
  };
  const server =
    config.mode === 'stdio'
      ? await startMcpStdioServer(deps)
      : await startMcpHttpServer({ ...deps, host: config.host, port: config.port, tokens: secrets.tokens, requireToken: config.requireToken, maxBodyBytes: config.maxBodyBytes });
  if (secrets.devTokenFile) logger.info({ tokenFile: secrets.devTokenFile }, `MCP requests need the bearer token in ${secrets.devTokenFile}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'MCP tool server stopping');
    void Promise.all([server.close(), pdf.close()])
      .then(() => tracing.shutdown())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // In stdio mode the process ends by itself once stdin closes and in-flight calls have answered:
  // idle PDF workers do not hold the event loop open.
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // The port comes from MCP_PORT: say so, so the operator knows which setting to change.
  const busy = /EADDRINUSE.*:(\d+)/.exec(message);
  const hint = busy ? ` (MCP_PORT=${busy[1]} is in use: stop what holds it or set MCP_PORT to a free port, 0 picks one)` : '';
  process.stderr.write(`mcp-server: ${message}${hint}\n`);
  process.exit(1);
});
