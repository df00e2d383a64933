// Recording scenarios of the echo and conformance agents (completed, input-required then answered,
// auth-required, a direct message reply, chunked artifacts, rejected, canceled during a timer), of
// webhooks (push dispatcher activities; configs created and deleted while the task waits), and of
// the push-config keeper (set and delete after the task closed, then completion once idle).
import { TemporalTaskGateway } from '../../../api/temporal/temporal-task-gateway';
import { createSilentLogger } from '../../../src/logger';
import { pushConfigKeeperWorkflowId } from '../../../src/task-runtime/contract';
import { textPart } from '../support/document-stack';
import { messageId, taskRunClosed, type RecordingContext, type Scenario } from './recording-context';

/** Variants of the built-in agents: a long hold to cancel during, quick push retries to exhaust. */
export const AGENT_VARIANTS = {
  'conformance-long-hold': { extends: 'conformance', settings: { resubscribeHoldMs: 60_000 } },
  'echo-quick-push-retry': { extends: 'echo', settings: { pushRetry: { initialIntervalMs: 100, maximumIntervalMs: 200, maximumAttempts: 2 } } },
};

interface SendOptions {
  agent: string;
  prefix: string;
  text?: string;
  taskId?: string;
  hookUrl?: string;
}

/** SendMessage with returnImmediately; answers the task id (or undefined for a direct message). */
async function send(ctx: RecordingContext, options: SendOptions): Promise<{ taskId?: string; reply: unknown }> {
  const configuration = { returnImmediately: true, ...(options.hookUrl ? { taskPushNotificationConfig: { id: 'hook', url: options.hookUrl } } : {}) };
  const message = { messageId: messageId(options.prefix), role: 'ROLE_USER', parts: [textPart(options.text ?? 'hello')], ...(options.taskId ? { taskId: options.taskId } : {}) };
  const reply = await ctx.stack.rpc(options.agent, 'SendMessage', { message, configuration });
  if (reply.error) throw new Error(`SendMessage failed: ${JSON.stringify(reply.error)}`);
  return { taskId: reply.result?.task?.id, reply: reply.result };
}

async function sendAndClose(ctx: RecordingContext, options: SendOptions): Promise<string> {
  const { taskId } = await send(ctx, options);
  if (!taskId) throw new Error(`${options.prefix}: no task`);
  await ctx.stack.waitForSettled(options.agent, taskId);
  return taskRunClosed(ctx, taskId);
}

/** Sends a message that asks for input, waits for the request, then answers it. */
async function answered(ctx: RecordingContext, prefix: string, state: string, between?: (taskId: string) => Promise<void>): Promise<string> {
  const { taskId } = await send(ctx, { agent: 'conformance', prefix });
  await ctx.stack.waitForState('conformance', taskId as string, state);
  await between?.(taskId as string);
  await send(ctx, { agent: 'conformance', prefix: 'answer', text: 'yes', taskId });
  await ctx.stack.waitForSettled('conformance', taskId as string);
  return taskRunClosed(ctx, taskId as string);
}

const conformance = (name: string, prefix: string): Scenario => ({ name, run: (ctx) => sendAndClose(ctx, { agent: 'conformance', prefix }) });

export const agentScenarios: Scenario[] = [
  { name: 'echo-agent-completed', run: (ctx) => sendAndClose(ctx, { agent: 'echo', prefix: 'echo' }) },
  {
    name: 'echo-agent-completed-with-webhook',
    run: (ctx) => sendAndClose(ctx, { agent: 'echo', prefix: 'echo-hook', hookUrl: ctx.hookUrl }),
  },
  {
    name: 'echo-agent-completed-with-a-webhook-that-fails',
    run: (ctx) => sendAndClose(ctx, { agent: 'echo-quick-push-retry', prefix: 'echo-failing-hook', hookUrl: ctx.failingHookUrl }),
  },
  conformance('conformance-agent-completed', 'tck-complete-task'),
  conformance('conformance-agent-artifact-chunked', 'tck-stream-artifact-chunked'),
  conformance('conformance-agent-rejected', 'tck-reject-task'),
  conformance('conformance-agent-unhandled-prefix', 'recording-unknown'),
  {
    name: 'conformance-agent-direct-message-reply',
    run: async (ctx) => {
      await send(ctx, { agent: 'conformance', prefix: 'tck-message-response' });
      // A direct reply names no task: the run is found through visibility (its response kind).
      for (let attempt = 0; attempt < 100; attempt++) {
        for await (const run of ctx.client.workflow.list({ query: `WorkflowType = 'conformanceAgentWorkflow' AND A2AResponseKind = 'message'` })) {
          await ctx.client.workflow.getHandle(run.workflowId).result();
          return run.workflowId;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the direct-reply run was not found');
    },
  },
  { name: 'conformance-agent-input-required-answered', run: (ctx) => answered(ctx, 'tck-input-required', 'input-required') },
  { name: 'conformance-agent-auth-required-answered', run: (ctx) => answered(ctx, 'tck-auth-required', 'auth-required') },
  {
    name: 'conformance-agent-push-configs-changed-while-waiting',
    run: (ctx) =>
      answered(ctx, 'tck-input-required', 'input-required', async (taskId) => {
        for (const id of ['kept', 'dropped']) await ctx.stack.rpc('conformance', 'CreateTaskPushNotificationConfig', { taskId, id, url: ctx.hookUrl });
        await ctx.stack.rpc('conformance', 'DeleteTaskPushNotificationConfig', { taskId, id: 'dropped' });
      }),
  },
  {
    name: 'conformance-agent-canceled-during-a-timer',
    run: async (ctx) => {
      const agent = 'conformance-long-hold';
      const { taskId } = await send(ctx, { agent, prefix: 'test-resubscribe-message-id' });
      await ctx.stack.waitForState(agent, taskId as string, 'working');
      await ctx.stack.rpc(agent, 'CancelTask', { id: taskId });
      await ctx.stack.waitForSettled(agent, taskId as string);
      return taskRunClosed(ctx, taskId as string);
    },
  },
  {
    name: 'push-config-keeper-set-delete-idle',
    run: async (ctx) => {
      const gateway = new TemporalTaskGateway({ client: ctx.client, taskQueue: ctx.taskQueue, logger: createSilentLogger(), pushConfigKeepForMs: 2_000 });
      const { taskId } = await send(ctx, { agent: 'echo', prefix: 'keeper' });
      await taskRunClosed(ctx, taskId as string);
      const config = (id: string) => ({ id, taskId: taskId as string, url: ctx.hookUrl });
      await gateway.setPushConfig(taskId as string, config('first'));
      await gateway.setPushConfig(taskId as string, config('second'));
      await gateway.deletePushConfig(taskId as string, 'first');
      const keeper = ctx.client.workflow.getHandle(pushConfigKeeperWorkflowId(taskId as string));
      await keeper.result();
      return keeper.workflowId;
    },
  },
];
