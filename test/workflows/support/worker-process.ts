// A worker in its own process, for tests that kill it with SIGKILL mid-activity: it joins a running
// engine's task queue with the shared directory artifact store, the test's MCP server and fake model.
// Configuration comes as one JSON argument; "worker ready" on stdout says it polls.
import { readFileSync } from 'node:fs';
import { createAgentRegistry } from '../../../src/agents/agent-registry';
import { createSilentLogger } from '../../../src/logger';
import { startPlatform } from '../../../src/platform/start-platform';
import { quietRuntime, silentLogger } from '../../support/embedded-temporal-harness';
import { testLane } from '../../support/test-lane';

interface WorkerProcessConfig {
  address: string;
  taskQueue: string;
  bundlePath: string;
  artifactDir: string;
  mcpUrl: string;
  modelBaseUrl: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig;
  quietRuntime();
  await startPlatform({
    taskQueue: config.taskQueue,
    agents: createAgentRegistry(),
    logger: createSilentLogger(),
    webhooks: { allowHttp: true, allowlist: ['127.0.0.1/32'], timeoutMs: 5_000 },
    artifacts: { directory: config.artifactDir },
    model: { baseUrl: config.modelBaseUrl, model: 'fake-model', requestTimeoutMs: 60_000 },
    mcpServers: { documents: { url: config.mcpUrl } },
    temporal: { address: config.address, namespace: testLane().namespace, embedded: { port: 0, logger: silentLogger() } },
    api: { enabled: false, host: '127.0.0.1', port: 0 },
    worker: { enabled: true, workflowBundle: { code: readFileSync(config.bundlePath, 'utf8') } },
  });
  process.stdout.write('worker ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${String(error)}\n`);
  process.exit(1);
});
