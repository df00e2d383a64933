// What an operator reads in the log of a running platform: each task's lifecycle (started,
// input-required, completed, failed or rejected with the reason, canceled and by whom) once per event at info,
// even though the worker replays every workflow from history (no cache here); and an agent running
// without a model says so once at start-up instead of logging a failed activity per task.
import { samplePdf, sampleInvoice } from '../../src/documents/samples';
import { installSdkLogging } from '../../src/temporal/sdk-logging';
import { captureLogs } from '../security/support/log-capture';
import { filePart, startDocumentStack, textPart, type Stack } from './support/document-stack';

// Before the platform starts, which would otherwise install a silent SDK runtime for this file.
const logs = captureLogs('info');
installSdkLogging(logs.logger);

let stack: Stack;
beforeAll(async () => {
  // No workflow cache: every activation replays the whole history, so a log line written during
  // replay would show up again.
  stack = await startDocumentStack({ model: false, logger: logs.logger, worker: { enabled: true, maxCachedWorkflows: 0 } });
}, 120_000);
afterAll(() => stack?.close());

const lifecycleOf = (taskId: string) => logs.lines.filter((line) => line.taskId === taskId && typeof line.lifecycle === 'string');
const events = (taskId: string) => lifecycleOf(taskId).map((line) => line.lifecycle);

async function send(messageId: string, params: Record<string, unknown> = {}) {
  const reply = await stack.rpc('conformance', 'SendMessage', {
    message: { messageId, role: 'ROLE_USER', parts: [{ text: 'go' }], ...params },
    configuration: { returnImmediately: true },
  });
  return reply.result.task;
}

const unique = () => `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

it('logs started, input-required and completed once each, with the task, agent and state', async () => {
  const task = await send(`tck-input-required-${unique()}`);
  await stack.waitForState('conformance', task.id, 'input-required');
  await send(`answer-${unique()}`, { taskId: task.id });
  await stack.waitForSettled('conformance', task.id);
  await waitForLines(() => events(task.id).includes('completed'));
  expect(events(task.id)).toEqual(['started', 'input-required', 'completed']);
  expect(lifecycleOf(task.id)[0]).toMatchObject({ level: 30, agentId: 'conformance', contextId: task.contextId, component: 'task' });
});

it('logs a rejection with its reason, and a cancellation', async () => {
  const rejected = await send(`tck-reject-task-${unique()}`);
  await stack.waitForSettled('conformance', rejected.id);
  await waitForLines(() => events(rejected.id).includes('rejected'));
  expect(lifecycleOf(rejected.id).find((line) => line.lifecycle === 'rejected')).toMatchObject({ reason: 'rejected' });

  const waiting = await send(`tck-input-required-${unique()}`);
  await stack.waitForState('conformance', waiting.id, 'input-required');
  await stack.rpc('conformance', 'CancelTask', { id: waiting.id });
  await waitForLines(() => events(waiting.id).includes('canceled'));
  expect(events(waiting.id).filter((event) => event !== 'cancel-requested')).toEqual(['started', 'input-required', 'canceled']);
  // Who canceled: the API knows, the workflow does not.
  expect(lifecycleOf(waiting.id).filter((line) => line.lifecycle === 'cancel-requested')).toEqual([
    expect.objectContaining({ level: 30, subject: 'alice', tenant: 'acme', agentId: 'conformance' }),
  ]);
});

it('without a model: one line at start-up, and no failed activity per task', async () => {
  const startup = logs.lines.filter((line) => /no model is configured/i.test(String(line.msg)));
  expect(startup).toHaveLength(1);
  expect(startup[0].level).toBeLessThanOrEqual(40);

  const task = await stack.start('document-analyst', [filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice.pdf'), textPart('Is this paid?')]);
  const done = await stack.waitForSettled('document-analyst', task.id);
  expect(done.status.state).toBe('TASK_STATE_COMPLETED');
  await waitForLines(() => events(task.id).includes('completed'));
  expect(logs.lines.filter((line) => line.msg === 'Activity failed')).toEqual([]);
});

/** Log lines from the worker trail the task state the API reports; a bounded wait, not a goal. */
async function waitForLines(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}
