// A worker run as its own process (`npm run worker`, no API) exposes its own metrics on METRICS_PORT
// without credentials, and with TEMPORAL_METRICS_PORT its scrape carries the Temporal SDK core's
// worker metrics too (the SDK runtime's Prometheus telemetry, installed once in that process).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../src/embedded-temporal';
import { parsePrometheusText, select } from '../support/prometheus-text';
import { silentLogger } from '../support/embedded-temporal-harness';
import { isRunning, spawnNpmScript, waitUntil, type NpmScriptProcess } from './npm-script-process';

jest.setTimeout(240_000);

/** Generous bounds: a cold start bundles the workflows on a busy machine. */
const READY_TIMEOUT_MS = 180_000;

let engine: EmbeddedTemporal;
let worker: NpmScriptProcess | undefined;
let dataDir: string;

/** A port free right now, for the SDK core, whose listener cannot report a port it picked. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  engine = await startEmbeddedTemporal({ port: 0, logger: silentLogger() });
  dataDir = mkdtempSync(path.join(tmpdir(), 'worker-metrics-'));
});

afterAll(async () => {
  if (worker) {
    worker.npm.kill('SIGTERM');
    await Promise.race([worker.exited, new Promise((r) => setTimeout(r, 30_000).unref())]);
    for (const pid of [worker.npm.pid!, ...worker.descendants]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  await engine?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('npm run worker serves its metrics on METRICS_PORT, with the Temporal SDK core metrics appended', async () => {
  worker = await spawnNpmScript({
    script: 'worker',
    env: {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: engine.address,
      MCP_PORT: '0',
      METRICS_PORT: '0',
      TEMPORAL_METRICS_PORT: String(await freePort()),
    },
    ready: /a2a-temporal is ready[\s\S]*Metrics: +\S+/,
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  const banner = worker.output().slice(worker.output().indexOf('a2a-temporal is ready'));
  expect(banner).not.toMatch(/A2A API:/);
  const url = /Metrics: +(http:\/\/127\.0\.0\.1:\d+\/metrics) \(no credentials/.exec(banner)?.[1];
  expect(url).toBeDefined();

  let text = '';
  // The core reports its worker's pollers once they run, a moment after start.
  await waitUntil(
    'the core metrics are in the scrape',
    async () => {
      const response = await fetch(url!);
      text = await response.text();
      return response.status === 200 && /^temporal_\w+/m.test(text);
    },
    30_000,
  );
  const samples = parsePrometheusText(text);
  expect(text).toMatch(/^# TYPE a2a_tasks_finished_total counter$/m);
  expect(text).toMatch(/^# TYPE a2a_tool_calls_total counter$/m);
  expect(select(samples, 'process_resident_memory_bytes')).toHaveLength(1);
  const core = samples.filter((s) => s.name.startsWith('temporal_'));
  expect(core.length).toBeGreaterThan(0);
  expect(core.some((s) => s.labels.task_queue === 'a2a-tasks')).toBe(true);
});
