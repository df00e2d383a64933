// GetTask latency with every worker stopped (issue 9, item 6): the platform in one process as
// `npm start` wires it; BENCH_WFR_TASKS tasks parked in input-required, the worker stopped, each task
// given an input no worker takes (so its history moves on and a query would wait for a worker), then
// GetTask in a closed loop at BENCH_WFR_CONCURRENCY for BENCH_WFR_SECONDS. Prints p50/p99/max and
// errors; asserts nothing. Run: node -r ./scripts/register-ts.js bench/worker-free-reads-bench.ts
import { createAgentRegistry } from '../src/agents/agent-registry';
import { createMemoryArtifactStore } from '../src/artifact-store';
import { createSilentLogger } from '../src/logger';
import { startPlatform } from '../src/platform/start-platform';
import { machine, ms, summarize, table } from './a2a/stats';

const TASKS = Number(process.env.BENCH_WFR_TASKS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_WFR_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_WFR_SECONDS ?? 10);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const platform = await startPlatform({
    logger: createSilentLogger(),
    agents: createAgentRegistry(),
    taskQueue: 'worker-free-reads-bench',
    temporal: { namespace: 'default', embedded: { port: 0 } },
    api: { host: '127.0.0.1', port: 0 },
    artifacts: { store: createMemoryArtifactStore() },
    worker: { enabled: true, sdkRuntime: { shutdownSignals: [] } },
    webhooks: { allowHttp: true, timeoutMs: 5_000 },
  });
  const url = `${platform.api!.url}/agents/conformance`;
  let id = 0;
  const rpc = async (method: string, params: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    return (await response.json()) as { result?: { task: { id: string } }; error?: { message: string } };
  };
  const message = (messageId: string, extra: object = {}) => ({ message: { messageId, role: 'ROLE_USER', parts: [{ text: 'x' }], ...extra } });
  try {
    log(`parking ${TASKS} tasks`);
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i++) ids.push((await rpc('SendMessage', message(`tck-input-required-bench-${Date.now()}-${i}`))).result!.task.id);
    const worker = platform.worker!;
    worker.shutdown();
    while (worker.getState() !== 'STOPPED') await new Promise((r) => setTimeout(r, 50));
    log('worker stopped; giving each task an input no worker takes');
    for (const taskId of ids) await rpc('SendMessage', { ...message(`answer-${taskId}`, { taskId }), configuration: { returnImmediately: true } });

    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const end = performance.now() + SECONDS * 1000;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const taskId = ids[next++ % ids.length];
          const started = performance.now();
          const reply = await rpc('GetTask', { id: taskId }).catch((err: unknown) => ({ error: { message: String(err) } }));
          if ('error' in reply && reply.error) {
            errors += 1;
            firstError ??= reply.error.message;
          } else latencies.push(performance.now() - started);
        }
      }),
    );
    const { n, p50, p99 } = summarize(latencies);
    const max = Math.max(...latencies);
    process.stdout.write(`${machine()}\n`);
    process.stdout.write(
      table(
        ['GetTask, every worker stopped', 'reads', 'p50', 'p99', 'max', 'errors', 'goal'],
        [[`c=${CONCURRENCY}, ${TASKS} tasks, ${SECONDS} s`, String(n), ms(p50), ms(p99), ms(max), String(errors), 'p99 < 50 ms, no error']],
      ),
    );
    if (firstError) log(`first error: ${firstError}`);
  } finally {
    await platform.close();
  }
}

main().catch((err: unknown) => {
  log(String(err));
  process.exit(1);
});
