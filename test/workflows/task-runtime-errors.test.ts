// How the task runtime settles an agent that throws, on the embedded engine with the real SDK worker:
// a failure the agent means (an ApplicationFailure) fails the task with its message; a programming
// error (a TypeError) fails the workflow task instead, so the run stays open and a worker with the
// fixed code resumes it, and the bug's text never becomes the task's status. A run that settled a bug
// the old way still replays (patched()).
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getTaskSnapshotQuery, type TaskWorkflowInput, type TaskWorkflowResult } from '../../src/task-runtime/contract';
import * as engineActivities from '../embedded-temporal/fixtures/activities';
import { activityHeartbeating, bundleFixtures, eventually, eventTypes, replayAll, runWorker, startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

const TASK_QUEUE = 'task-runtime-errors';
let h: Harness;
let buggy: Awaited<ReturnType<typeof bundleFixtures>>;
let fixed: Awaited<ReturnType<typeof bundleFixtures>>;

beforeAll(async () => {
  h = await startHarness();
  buggy = await bundleFixtures(require.resolve('./fixtures/task-runtime/buggy'));
  fixed = await bundleFixtures(require.resolve('./fixtures/task-runtime/fixed'));
}, 120_000);
afterAll(() => h?.close());

function input(text: string): TaskWorkflowInput {
  const taskId = uniqueId('task');
  return {
    taskId,
    contextId: uniqueId('ctx'),
    agentId: 'probe',
    owner: { tenant: 'acme', subject: 'alice' },
    message: { messageId: uniqueId('msg'), role: 'user', parts: [{ kind: 'text', text }] },
  };
}

function start(text: string): Promise<WorkflowHandle<(input: TaskWorkflowInput) => Promise<TaskWorkflowResult>>> {
  const args = input(text);
  return h.client.workflow.start('probeAgentWorkflow', { taskQueue: TASK_QUEUE, workflowId: args.taskId, args: [args] });
}

it('fails the task with the reason of an ApplicationFailure the agent throws', async () => {
  const worker = await runWorker(h, { taskQueue: TASK_QUEUE, workflowBundle: buggy });
  try {
    const handle = await start('application-failure');
    const { snapshot } = await handle.result();
    expect(snapshot.task.status.state).toBe('failed');
    expect(JSON.stringify(snapshot.task.status.message)).toContain('the ledger refused invoice 42');
  } finally {
    await worker.stop();
  }
});

it('cancels the task when an activity fails instead of acknowledging the cancel, rather than taking the step\'s fallback', async () => {
  const worker = await runWorker(h, { taskQueue: TASK_QUEUE, workflowBundle: fixed, activities: engineActivities });
  try {
    const handle = await start('cancel-then-activity-fails');
    await activityHeartbeating(handle);
    await handle.cancel();
    const { snapshot } = await handle.result();
    expect(snapshot.task.status.state).toBe('canceled');
    await replayAll(fixed, [{ workflowId: handle.workflowId, history: await handle.fetchHistory() }]);
  } finally {
    await worker.stop();
  }
});

it('when agent code has a programming error, the run stays open and a worker with the fixed code completes the task', async () => {
  const first = await runWorker(h, { taskQueue: TASK_QUEUE, workflowBundle: buggy });
  const handle = await start('type-error');
  try {
    const history = await eventually('a failed workflow task', async () => {
      const events = eventTypes(await handle.fetchHistory());
      return events.includes('WORKFLOW_TASK_FAILED') ? events : undefined;
    });
    expect(history).not.toContain('WORKFLOW_EXECUTION_COMPLETED');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  } finally {
    await first.stop();
  }
  const second = await runWorker(h, { taskQueue: TASK_QUEUE, workflowBundle: fixed });
  try {
    const { snapshot } = await handle.result();
    expect(snapshot.task.status.state).toBe('completed');
    expect(JSON.stringify(snapshot.task.status.message)).toContain('pages: 3');
    // The bug's text was never the task's status, nor any event a client could have streamed.
    expect(JSON.stringify(snapshot)).not.toMatch(/Cannot read|TypeError|undefined/);
    const late = await handle.query(getTaskSnapshotQuery, { afterSeq: 0 });
    expect(JSON.stringify(late)).not.toMatch(/Cannot read|TypeError/);
  } finally {
    await second.stop();
  }
});

it('a run that settled the bug as a failed task before this change still replays that way', async () => {
  // Recorded with the buggy probe under the runtime that turned every error into a failed task.
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(__dirname, 'histories', 'probe-agent-bug-failed-task.json'), 'utf8')));
  expect(eventTypes(history)).toContain('WORKFLOW_EXECUTION_COMPLETED');
  const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? 'probe';
  await expect(replayAll(buggy, [{ workflowId, history }])).resolves.toBe(1);
});
