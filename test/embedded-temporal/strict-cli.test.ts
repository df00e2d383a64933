// The engine CLI takes the strictness options: `--limit <name>=<value>` (any of the server's limits)
// `--visibility-delay <ms>` and the namespace's `--retention <ms>`; a bad value exits with code 2 and says why.
import { Client, Connection } from '@temporalio/client';
import { runCli, spawnEngine, type EngineProcess } from '../support/embedded-temporal-process';
import { uniqueId } from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);

let engine: EngineProcess | undefined;
afterEach(async () => {
  if (engine) {
    engine.child.kill('SIGTERM');
    await engine.exited;
    engine = undefined;
  }
});

test('--limit, --visibility-delay and --retention reach the engine', async () => {
  engine = await spawnEngine(['--port', '0', '--limit', 'blobSizeError=1024', '--visibility-delay', '60000', '--retention', '7200000']);
  const connection = await Connection.connect({ address: engine.address, interceptors: [] });
  try {
    const client = new Client({ connection });
    const workflowId = uniqueId('cli');
    const handle = await client.workflow.start('anything', { taskQueue: uniqueId('cli'), workflowId });
    const err = await handle.signal('tick', 'x'.repeat(2048) as never).catch((e: Error) => e);
    expect((err as Error).cause).toMatchObject({ code: 3, details: 'Blob data size exceeds limit.' });
    await handle.signal('tick', 'small' as never);
    expect((await client.workflow.count(`WorkflowId = '${workflowId}'`)).count).toBe(0);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(7200);
  } finally {
    await connection.close();
  }
});

test('an unknown limit or a bad value exits with code 2 and names the problem', async () => {
  const unknown = await runCli(['--port', '0', '--limit', 'nope=1']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('--limit takes <name>=<value>');
  const bad = await runCli(['--port', '0', '--limit', 'transientWorkflowTasks=maybe']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--limit transientWorkflowTasks must be true or false');
  const delay = await runCli(['--port', '0', '--visibility-delay', 'soon']);
  expect(delay.code).toBe(2);
  expect(delay.stderr).toContain('--visibility-delay must be a number of milliseconds');
});
