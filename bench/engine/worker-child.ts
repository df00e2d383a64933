// Benchmark child: one SDK worker (default options) on the bench task queue.
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities';
import { serveStats } from './stats';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: silent as never });
  const connection = await NativeConnection.connect({ address: process.env.BENCH_ADDRESS! });
  // BENCH_WORKER_OPTIONS (JSON) tries other worker settings, e.g. poller counts.
  const extra = JSON.parse(process.env.BENCH_WORKER_OPTIONS || '{}');
  const worker = await Worker.create({ connection, taskQueue: process.env.BENCH_TASK_QUEUE!, workflowBundle, activities, ...extra });
  serveStats();
  process.on('message', (msg: { type?: string }) => {
    if (msg?.type === 'stop') worker.shutdown();
  });
  const running = worker.run();
  process.send?.({ type: 'ready' });
  await running;
  await connection.close();
  process.exit(0);
}

void main();
