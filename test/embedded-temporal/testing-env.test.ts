// The engine stands in for a server behind @temporalio/testing's TestWorkflowEnvironment, the way
// other tests in the project are expected to use it.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as activities from './fixtures/activities';
import { bundleFixtures, quietRuntime, silentLogger, uniqueId } from '../support/embedded-temporal-harness';
import { startEmbeddedTemporal } from '../../src/embedded-temporal';

test('TestWorkflowEnvironment.createFromExistingServer runs a workflow on the embedded engine', async () => {
  quietRuntime();
  const engine = await startEmbeddedTemporal({ logger: silentLogger() });
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: engine.address });
  try {
    const taskQueue = uniqueId('testing-env');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleFixtures(require.resolve('./fixtures/workflows')),
      activities,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute('echoWorkflow', { taskQueue, workflowId: uniqueId('env'), args: [{ text: 'via testing env' }] }),
    );
    expect(result).toBe('via testing env');
  } finally {
    await env.teardown();
    await engine.close();
  }
});
