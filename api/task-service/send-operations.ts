// SendMessage and SendStreamingMessage over a begun send. A blocking send waits for a terminal or
// interrupted state (bounded by maxBlockingWaitMs), a non-blocking one for the start ack only; a
// stream starts with the Task (or the agent's direct Message), then every event in sequence until it
// closes (see `closesStream`).
import { isInterruptedState, isTerminalState } from '../../src/a2a-model/types';
import type { TaskSnapshot } from '../../src/task-runtime/contract';
import { viewTask } from '../../src/task-runtime/task-view';
import type { CallContext, SendMessageParams, SendMessageResult, SequencedStreamEvent } from '../request-handler';
import { beginSend } from './begin-send';
import { closesStream, followTask, isFinalStreamEvent } from './follow-task';
import { awaitFirstStep, awaitSettled } from './await-settled';
import { loadOwnedSnapshot, ownedBy } from './task-access';
import { DEFAULT_TASK_SERVICE_LIMITS, type TaskServiceDeps } from './task-service-deps';
import { withTimeLimit } from './time-limit';

export async function sendMessage(deps: TaskServiceDeps, ctx: CallContext, params: SendMessageParams): Promise<SendMessageResult> {
  const begun = await beginSend(deps, ctx, params);
  const historyLength = params.configuration?.historyLength;
  if (params.configuration?.returnImmediately) {
    // A new task answers once its start is acknowledged, as submitted, whatever the workers are
    // doing; an agent that will reply with a direct message cannot be known yet (see README).
    if (begun.newTask && begun.triggered) return { kind: 'task', task: viewTask(begun.initialTask, { historyLength }) };
    if (begun.newTask) {
      // A re-sent message: the agent may have answered it with a direct message meanwhile.
      const first = await deps.gateway.getSnapshot(begun.taskId, { historyLength, includeArtifacts: true });
      if (first?.mode === 'message' && first.directMessage) return { kind: 'message', message: first.directMessage };
    }
    return { kind: 'task', task: (await loadOwnedSnapshot(deps, ctx, begun.taskId, { historyLength })).task };
  }
  const state = begun.initialTask.status.state;
  const alreadySettled = !begun.triggered && (isTerminalState(state) || isInterruptedState(state));
  if (!alreadySettled) {
    const maxWaitMs = deps.limits?.maxBlockingWaitMs ?? DEFAULT_TASK_SERVICE_LIMITS.maxBlockingWaitMs;
    const settled = await withTimeLimit(ctx.signal, maxWaitMs, (stop) =>
      awaitSettled(deps.gateway, begun.taskId, { historyLength }, stop).catch((err: unknown) => {
        if (stop.aborted) return undefined; // waited long enough: answer with the task as it is now
        throw err;
      }),
    );
    if (settled?.mode === 'message' && settled.directMessage) return { kind: 'message', message: settled.directMessage };
    if (settled && ownedBy(settled, ctx)) return { kind: 'task', task: settled.task };
  }
  return { kind: 'task', task: (await loadOwnedSnapshot(deps, ctx, begun.taskId, { historyLength })).task };
}

export async function* sendStreamingMessage(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: SendMessageParams,
): AsyncGenerator<SequencedStreamEvent> {
  const begun = await beginSend(deps, ctx, params);
  const historyLength = params.configuration?.historyLength;
  let first: TaskSnapshot | undefined;
  let initialTask = begun.initialTask;
  if (begun.newTask) {
    // The agent's first step decides between a task and a direct message reply.
    first = await awaitFirstStep(deps.gateway, begun.taskId, begun.startSeq, ctx.signal);
    if (first?.mode === 'message' && first.directMessage) {
      yield { seq: first.seq, event: { kind: 'message', message: first.directMessage } };
      return;
    }
    // A task this send created is shown as submitted at the workflow's time, not the API's: the
    // events that follow are stamped by the workflow, and a stream's timestamps never go back.
    if (begun.triggered && first?.createdAt) initialTask = { ...initialTask, status: { ...initialTask.status, timestamp: first.createdAt } };
  }
  yield { seq: begun.startSeq, event: { kind: 'task', task: viewTask(initialTask, { historyLength }) } };
  const state = initialTask.status.state;
  if (isTerminalState(state) || (!begun.triggered && closesStream(state, 'send'))) return;
  // What the first step did is already read; the feed carries on after it (or resyncs a gap).
  let afterSeq = begun.startSeq;
  for (const item of first && !first.gap ? first.events : []) {
    yield item;
    afterSeq = item.seq;
    if (isFinalStreamEvent(item, 'send')) return;
  }
  yield* followTask({ feeds: deps.feeds, gateway: deps.gateway, taskId: begun.taskId, afterSeq, kind: 'send', historyLength, signal: ctx.signal });
}
