// Durability: the engine runs as a child process with a data directory, is killed with SIGKILL in the
// middle of work and restarted on the same directory; every workflow continues and results stay
// readable. Also covers a torn last log record and the CLI's contract.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import * as activities from './fixtures/activities';
import { bundleFixtures, eventTypes, HistoryCollector, quietRuntime, replayAll, silentLogger, uniqueId } from '../support/embedded-temporal-harness';
import { runCli, spawnEngine, type EngineProcess } from '../support/embedded-temporal-process';
import { startEmbeddedTemporal } from '../../src/embedded-temporal';

jest.setTimeout(90_000);

let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
beforeAll(async () => {
  quietRuntime();
  bundle = await bundleFixtures(require.resolve('./fixtures/workflows'));
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('after kill -9 and a restart on the same data dir, timers, activities, signals and results all carry on', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-durability-'));
  let engine: EngineProcess = await spawnEngine(['--port', '0', '--data-dir', dataDir]);
  const port = engine.port;
  const connection = await Connection.connect({ address: engine.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: engine.address });
  const taskQueue = uniqueId('durable');
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle, activities, shutdownGraceTime: '1s' });
  const running = worker.run();
  const histories = new HistoryCollector();
  try {
    const done = await client.workflow.start('echoWorkflow', { taskQueue, workflowId: uniqueId('done'), args: [{ text: 'before crash' }] });
    expect(await done.result()).toBe('before crash');
    const timer = await client.workflow.start('sleepWorkflow', { taskQueue, workflowId: uniqueId('timer'), args: [{ ms: 1000 }] });
    const slow = await client.workflow.start('slowActivityWorkflow', { taskQueue, workflowId: uniqueId('slow'), args: [{ hangMs: 6000 }] });
    const waiting = await client.workflow.start('waitForSignalWorkflow', { taskQueue, workflowId: uniqueId('waiting') });
    const requestId = uniqueId('request');
    const startRequest = {
      namespace: 'default',
      workflowId: uniqueId('dedupe'),
      workflowType: { name: 'waitForSignalWorkflow' },
      taskQueue: { name: taskQueue },
      requestId,
    };
    const firstStart = await connection.workflowService.startWorkflowExecution(startRequest);

    await until('the timer to start', async () => eventTypes(await timer.fetchHistory()).includes('TIMER_STARTED'));
    await until('the activity to be in flight', async () => {
      const d = await slow.describe();
      return d.raw.pendingActivities?.[0]?.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
    });
    expect(await waiting.query('state')).toBe('waiting');

    engine.child.kill('SIGKILL');
    expect(await engine.exited).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500)); // the timer comes due while the engine is down
    engine = await spawnEngine(['--port', String(port), '--data-dir', dataDir]);

    expect(await done.result()).toBe('before crash');
    expect(await timer.result()).toBe('slept');
    expect(await slow.result()).toBe(2); // attempt 1 died with the engine's view of it, attempt 2 ran after its timeout
    await waiting.signal('unblock', 'after restart');
    expect(await waiting.result()).toBe('after restart');
    const again = await connection.workflowService.startWorkflowExecution(startRequest);
    expect(again.runId).toBe(firstStart.runId);
    const count = await client.workflow.count(`TaskQueue = '${taskQueue}'`);
    expect(count.count).toBe(5);
    for (const h of [done, timer, slow, waiting]) await histories.add(h);
    expect(await replayAll(bundle, histories.histories)).toBe(4);
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await native.close();
    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a torn last log record is discarded and everything committed before it survives', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-torn-'));
  const first = await startEmbeddedTemporal({ dataDir, logger: silentLogger() });
  const connection = await Connection.connect({ address: first.address });
  const started = await connection.workflowService.startWorkflowExecution({
    namespace: 'default',
    workflowId: 'torn-1',
    workflowType: { name: 'anything' },
    taskQueue: { name: 'nobody' },
    requestId: 'r1',
  });
  await connection.close();
  await first.close();
  fs.appendFileSync(path.join(dataDir, 'wal.log'), Buffer.from([200, 1, 0, 0, 1, 2, 3, 4, 5, 6]));

  const second = await startEmbeddedTemporal({ dataDir, logger: silentLogger() });
  const reconnect = await Connection.connect({ address: second.address });
  const described = await reconnect.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: 'torn-1' } });
  expect(described.workflowExecutionInfo?.execution?.runId).toBe(started.runId);
  await reconnect.close();
  await second.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a workflow task in flight when the engine stopped is re-dispatched after its timeout', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-wt-'));
  const start = { namespace: 'default', workflowId: 'wt-in-flight', workflowType: { name: 'anything' }, taskQueue: { name: 'wt-q' }, requestId: 'r', workflowTaskTimeout: { seconds: 1 } as never };
  const first = await startEmbeddedTemporal({ dataDir, logger: silentLogger(), fsync: true });
  const c1 = await Connection.connect({ address: first.address });
  await c1.workflowService.startWorkflowExecution(start);
  const taken = await c1.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'wt-q' } });
  expect(taken.attempt).toBe(1);
  await c1.close();
  await first.close();

  const second = await startEmbeddedTemporal({ dataDir, logger: silentLogger(), tuning: { longPollMs: 5000 } });
  const c2 = await Connection.connect({ address: second.address });
  const again = await c2.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'wt-q' } });
  expect(again.attempt).toBe(2);
  expect(eventTypes(again.history!)).toContain('WORKFLOW_TASK_TIMED_OUT');
  await c2.close();
  await second.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the log is compacted into a snapshot and state reloads from it', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-compact-'));
  const first = await startEmbeddedTemporal({ dataDir, logger: silentLogger(), walCompactBytes: 4096 });
  const connection = await Connection.connect({ address: first.address });
  for (let i = 0; i < 60; i++) {
    await connection.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId: `compact-${i}`,
      workflowType: { name: 'anything' },
      taskQueue: { name: 'nobody' },
      requestId: `r${i}`,
    });
  }
  await connection.close();
  await first.close();
  const walBytes = fs.statSync(path.join(dataDir, 'wal.log')).size;
  const snapshotBytes = fs.statSync(path.join(dataDir, 'snapshot.bin')).size;
  expect(walBytes).toBeLessThanOrEqual(Math.max(4096, snapshotBytes) + 2048);

  const second = await startEmbeddedTemporal({ dataDir, logger: silentLogger() });
  const reconnect = await Connection.connect({ address: second.address });
  const counted = await reconnect.workflowService.countWorkflowExecutions({ namespace: 'default', query: "WorkflowId STARTS_WITH 'compact-'" });
  expect(Number(counted.count)).toBe(60);
  await reconnect.close();
  await second.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the CLI prints its address once ready and exits 0 on SIGINT', async () => {
  const engine = await spawnEngine(['--port', '0']);
  expect(engine.address).toMatch(/^127\.0\.0\.1:\d+$/);
  engine.child.kill('SIGINT');
  expect(await engine.exited).toBe(0);
});

test('the CLI rejects bad arguments with usage and exit code 2', async () => {
  const noPort = await runCli([]);
  expect(noPort.code).toBe(2);
  expect(noPort.stderr).toMatch(/usage: npm run engine/);
  const badPort = await runCli(['--port', 'seventy']);
  expect(badPort.code).toBe(2);
  const unknown = await runCli(['--port', '0', '--color']);
  expect(unknown.code).toBe(2);
  expect(unknown.stdout).toBe('');
});
