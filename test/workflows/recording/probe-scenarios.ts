// Recording scenarios of the probe agent (a test fixture, test/workflows/fixtures/task-runtime): its
// fixed deployment completing, failing with an ApplicationFailure, and taking over a run whose
// workflow task the buggy deployment failed. Recorded on a bare engine and worker: no API needed.
import type { temporal } from '@temporalio/proto';
import type { TaskWorkflowInput } from '../../../src/task-runtime/contract';
import { bundleFixtures, eventually, eventTypes, runWorker, startHarness, uniqueId, type Harness } from '../../support/embedded-temporal-harness';

type History = temporal.api.history.v1.IHistory;

export const PROBE_FIXED_PATH = require.resolve('../fixtures/task-runtime/fixed');
const PROBE_BUGGY_PATH = require.resolve('../fixtures/task-runtime/buggy');

function input(text: string): TaskWorkflowInput {
  return {
    taskId: uniqueId('task'),
    contextId: uniqueId('ctx'),
    agentId: 'probe',
    owner: { tenant: 'acme', subject: 'alice' },
    message: { messageId: uniqueId('msg'), role: 'user', parts: [{ kind: 'text', text }] },
  };
}

async function start(h: Harness, taskQueue: string, text: string) {
  const args = input(text);
  return h.client.workflow.start('probeAgentWorkflow', { taskQueue, workflowId: args.taskId, args: [args] });
}

const NAMES = ['probe-agent-bug-failed-workflow-task-then-fixed', 'probe-agent-completed', 'probe-agent-application-failure'];

export async function recordProbeScenarios(wanted: (name: string) => boolean, save: (name: string, history: History) => void): Promise<void> {
  if (!NAMES.some(wanted)) return;
  const h = await startHarness();
  const taskQueue = uniqueId('record-probe');
  try {
    const fixed = await bundleFixtures(PROBE_FIXED_PATH);
    if (wanted('probe-agent-bug-failed-workflow-task-then-fixed')) {
      const buggyWorker = await runWorker(h, { taskQueue, workflowBundle: await bundleFixtures(PROBE_BUGGY_PATH) });
      const handle = await start(h, taskQueue, 'type-error');
      try {
        await eventually('a failed workflow task', async () => eventTypes(await handle.fetchHistory()).includes('WORKFLOW_TASK_FAILED'));
      } finally {
        await buggyWorker.stop();
      }
      const fixedWorker = await runWorker(h, { taskQueue, workflowBundle: fixed });
      try {
        await handle.result();
        save('probe-agent-bug-failed-workflow-task-then-fixed', await handle.fetchHistory());
      } finally {
        await fixedWorker.stop();
      }
    }
    const worker = await runWorker(h, { taskQueue, workflowBundle: fixed });
    try {
      for (const [name, text] of [['probe-agent-completed', 'hello'], ['probe-agent-application-failure', 'application-failure']]) {
        if (!wanted(name)) continue;
        const handle = await start(h, taskQueue, text);
        await handle.result();
        save(name, await handle.fetchHistory());
      }
    } finally {
      await worker.stop();
    }
  } finally {
    await h.close();
  }
}
