// Updates across kill -9 of a persistent engine, as on the server: accepted and completed updates are
// durable (a completed id still answers its outcome, an accepted one still completes), while an update
// only admitted at the crash is lost (the server keeps admitted updates in memory; the client retries).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection, WorkflowUpdateStage } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import * as activities from './fixtures/activities';
import { addItemUpdate, finishSignal, itemsQuery, releaseSignal, waitForReleaseUpdate } from './fixtures/update-workflows';
import { bundleFixtures, eventTypes, HistoryCollector, quietRuntime, replayAll, uniqueId } from '../support/embedded-temporal-harness';
import { spawnEngine, type EngineProcess } from '../support/embedded-temporal-process';

jest.setTimeout(90_000);
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
beforeAll(async () => {
  quietRuntime();
  bundle = await bundleFixtures(require.resolve('./fixtures/workflows'));
});

test('after kill -9, completed and accepted updates survive and an update only admitted is lost', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-updates-'));
  let engine: EngineProcess = await spawnEngine(['--port', '0', '--data-dir', dataDir]);
  const port = engine.port;
  const connection = await Connection.connect({ address: engine.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: engine.address });
  const taskQueue = uniqueId('durable-updates');
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle, activities, shutdownGraceTime: '1s' });
  const running = worker.run();
  const histories = new HistoryCollector();
  try {
    const handle = await client.workflow.start('updatableWorkflow', { taskQueue, workflowId: uniqueId('durable') });
    const completedId = uniqueId('completed');
    expect(await handle.executeUpdate(addItemUpdate, { args: ['before crash'], updateId: completedId })).toBe(1);
    const accepted = await handle.startUpdate(waitForReleaseUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED });

    // Nobody polls this queue: the update is admitted, never delivered, so never accepted.
    const orphan = await client.workflow.start('updatableWorkflow', { taskQueue: uniqueId('nobody'), workflowId: uniqueId('orphan') });
    const admittedId = uniqueId('admitted');
    const admitted = await connection.withDeadline(Date.now() + 2500, () =>
      connection.workflowService.updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: orphan.workflowId },
        waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED },
        request: { meta: { updateId: admittedId }, input: { name: 'addItem', args: { payloads: [defaultPayloadConverter.toPayload('lost')] } } },
      }),
    );
    expect(admitted.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);

    engine.child.kill('SIGKILL');
    expect(await engine.exited).toBe('SIGKILL');
    engine = await spawnEngine(['--port', String(port), '--data-dir', dataDir]);

    // The completed id answers its recorded outcome; the handler does not run again.
    expect(await handle.executeUpdate(addItemUpdate, { args: ['retried'], updateId: completedId })).toBe(1);
    expect(await handle.query(itemsQuery)).toEqual(['before crash']);
    await handle.signal(releaseSignal);
    expect(await accepted.result()).toBe('released');
    await expect(
      connection.workflowService.pollWorkflowExecutionUpdate({ namespace: 'default', updateRef: { workflowExecution: { workflowId: orphan.workflowId }, updateId: admittedId } }),
    ).rejects.toMatchObject({ code: 5 });
    await handle.signal(finishSignal);
    expect(await handle.result()).toEqual(['before crash']);
    const types = eventTypes(await histories.add(handle));
    expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toHaveLength(2);
    expect(await replayAll(bundle, histories.histories)).toBe(1);
    await orphan.terminate();
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
