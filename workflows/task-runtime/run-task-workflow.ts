// The shell every agent workflow runs in: initialise the task state, register every handler, run
// the agent body, then settle the task (completed, failed or canceled) and drain its webhooks.
// A task outcome is data, not a workflow failure: the run closes Completed with the final snapshot.
// A bug in agent code is neither: it fails the workflow task, so the run waits for fixed code.
import { CancellationScope, isCancellation, log, patched, setHandler } from '@temporalio/workflow';
import {
  appendArtifactChunkSignal,
  deletePushConfigSignal,
  getInputOutcomeQuery,
  getPushConfigsQuery,
  getTaskSnapshotQuery,
  provideInputSignal,
  setPushConfigSignal,
  type TaskSnapshot,
  type TaskSnapshotRequest,
  type TaskWorkflowInput,
  type TaskWorkflowResult,
} from '../../src/task-runtime/contract';
import type { InputOutcome } from '../../src/task-runtime/input-outcome';
import { createTaskRecord } from '../../src/task-runtime/task-record';
import { eventsSince, viewTask } from '../../src/task-runtime/task-view';
import { continueTaskAsNew, HandOff, readyToHandOff, untilHandOff } from './continue-as-new';
import { isWorkflowBug, publicFailureText } from './failure-text';
import { isCanceled } from './cancellation';
import { InputDesk } from './input-outcomes';
import { pushableEvent } from './push-coalescing';
import { DEFAULT_PUSH_RETRY, PushDispatcher, type PushRetrySettings } from './push-dispatcher';
import { TaskContext, type TaskWorkflowState } from './task-context';
import { reportTaskStarted } from './task-metrics';

/** Set (never recorded, as the task then fails) when a bug in agent code fails the workflow task. */
const BUGS_FAIL_WORKFLOW_TASK_PATCH = 'agent-bugs-fail-workflow-task';
/** Set at the first input of runs that decide and record each input's outcome (input-outcomes.ts). */
const ATOMIC_INPUT_PATCH = 'atomic-input-outcomes';

export type AgentBody = (task: TaskContext) => Promise<void>;

export async function runTaskWorkflow(input: TaskWorkflowInput, body: AgentBody): Promise<TaskWorkflowResult> {
  const state = initialState(input);
  const push = new PushDispatcher(input.taskId, input.agentId, pushRetrySettings(input));
  for (const config of input.carried?.pushConfigs ?? input.pushConfigs ?? []) push.setConfig(config);
  push.restore(input.carried?.queuedPushes ?? []);
  state.handOff = new HandOff(continueAsNewAfterEvents(input), input.carried);
  const task = new TaskContext(input, state);
  const inputs = new InputDesk(state, task, (config) => push.setConfig(config));
  state.onEvent = (event) => {
    const pushed = pushableEvent(event, state.record);
    if (pushed) push.enqueue(pushed);
    inputs.refuseUnconsumed();
  };
  // A continued run carries its task on; only the first run of a task starts it.
  if (!input.carried) {
    task.logLifecycle('started');
    reportTaskStarted(input.agentId);
  }

  setHandler(getTaskSnapshotQuery, (request) => snapshot(input, state, request));
  setHandler(getPushConfigsQuery, () => push.configs());
  setHandler(getInputOutcomeQuery, (request) => inputs.answer(request));
  setHandler(provideInputSignal, (args) => {
    // Refusals are stream events (commands), so runs begun before outcomes were decided keep the old handling.
    if (patched(ATOMIC_INPUT_PATCH)) return inputs.receive(args);
    const { message, sender } = args;
    // A re-sent message must never be delivered twice.
    if (state.seenMessageIds.has(message.messageId)) return;
    state.seenMessageIds.add(message.messageId);
    state.pendingInputs.push({ message, sender, receivedAt: new Date().toISOString() });
  });
  setHandler(setPushConfigSignal, ({ config }) => push.setConfig(config));
  setHandler(deletePushConfigSignal, ({ id }) => void push.deleteConfig(id));
  const newestAttempt = new Map<string, number>(Object.entries(input.carried?.chunkAttempts ?? {}));
  setHandler(appendArtifactChunkSignal, (chunk) => {
    // Chunks can trail in after their step ended, or from an attempt that timed out while a newer
    // one already streams: a finished task and stale attempts ignore them.
    if (task.isFinished || chunk.attempt < (newestAttempt.get(chunk.artifactId) ?? 0)) return;
    newestAttempt.set(chunk.artifactId, chunk.attempt);
    task.addArtifact(
      { artifactId: chunk.artifactId, ...(chunk.name ? { name: chunk.name } : {}), parts: [{ kind: 'text', text: chunk.text }] },
      { append: chunk.append, lastChunk: chunk.lastChunk },
    );
  });

  void inputs.announceRefusals();

  let handedOff;
  try {
    handedOff = await untilHandOff(body(task), state.handOff);
    if (handedOff) await readyToHandOff(push);
    else if (!task.isFinished) task.complete();
  } catch (err) {
    // Rethrown, a plain Error fails the workflow task (the SDK logs it and the server retries it):
    // the run stays open until a deployment without the bug replays it and goes on. Runs that
    // settled a bug as a failed task before this change replay that way (no marker in their history).
    if (isWorkflowBug(err) && !isCancellation(err) && patched(BUGS_FAIL_WORKFLOW_TASK_PATCH)) throw err;
    if (task.isFinished) {
      log.warn('agent failed after its task had finished; the outcome stands', { error: String(err) });
    } else if (isCanceled(err)) {
      task.setStatus('canceled', 'The task was canceled.');
    } else {
      task.fail(describeFailure(err));
    }
  }
  if (handedOff && !task.isFinished) {
    // Inputs not yet taken, and the outcomes recorded so far, go on with the task.
    return continueTaskAsNew({ input, state, push, request: { ...handedOff, chunkAttempts: Object.fromEntries(newestAttempt) } });
  }
  inputs.refuseUnconsumed();
  // Cancellation of the run must not stop the last notifications (e.g. the `canceled` one).
  await CancellationScope.nonCancellable(() => push.drained());
  return { snapshot: snapshot(input, state, { afterSeq: 0 }), pushConfigs: push.configs(), inputOutcomes: state.inputOutcomes };
}

function initialState(input: TaskWorkflowInput): TaskWorkflowState {
  const carried = input.carried;
  if (carried) {
    return {
      record: carried.record,
      mode: carried.mode,
      pendingInputs: [...carried.pendingInputs],
      seenMessageIds: new Set(carried.seenMessageIds),
      inputOutcomes: [...(carried.inputOutcomes ?? [])],
      grants: carried.grants,
      onEvent: () => undefined,
    };
  }
  return {
    record: createTaskRecord({
      taskId: input.taskId,
      contextId: input.contextId,
      message: input.message,
      now: new Date().toISOString(),
      ...(input.metadata ? { metadata: input.metadata } : {}),
    }),
    mode: 'pending',
    pendingInputs: [],
    seenMessageIds: new Set([input.message.messageId]),
    inputOutcomes: creatingMessageOutcome(input),
    grants: { roles: [] },
    onEvent: () => undefined,
  };
}

function snapshot(input: TaskWorkflowInput, state: TaskWorkflowState, request: TaskSnapshotRequest): TaskSnapshot {
  const since = request.afterSeq === undefined ? { events: [], gap: false } : eventsSince(state.record, request.afterSeq);
  return {
    mode: state.mode,
    owner: input.owner,
    grants: state.grants,
    agentId: input.agentId,
    seq: state.record.seq,
    task: viewTask(state.record.task, request),
    ...(state.directMessage ? { directMessage: state.directMessage } : {}),
    ...(state.record.createdAt ? { createdAt: state.record.createdAt } : {}),
    events: since.events,
    gap: since.gap,
  };
}

function continueAsNewAfterEvents(input: TaskWorkflowInput): number | undefined {
  const configured = input.settings?.continueAsNewAfterEvents;
  return typeof configured === 'number' && configured > 0 ? configured : undefined;
}

/** `settings.pushRetry` over the defaults; approver notifications retry the same way. */
export function pushRetrySettings(input: TaskWorkflowInput): PushRetrySettings {
  const configured = input.settings?.pushRetry;
  if (!configured || typeof configured !== 'object' || Array.isArray(configured)) return DEFAULT_PUSH_RETRY;
  return { ...DEFAULT_PUSH_RETRY, ...(configured as Partial<PushRetrySettings>) };
}

/** The client sees why the task failed, in words, without stack traces or a bug's text. */
function describeFailure(err: unknown): string {
  return `The task failed: ${publicFailureText(err)}`;
}

/** The creating message's messageId is taken: recorded with its digest, a reuse of it as input is refused. */
function creatingMessageOutcome(input: TaskWorkflowInput): InputOutcome[] {
  if (!input.messageDigest) return [];
  return [{ messageId: input.message.messageId, digest: input.messageDigest, outcome: 'accepted', at: new Date().toISOString(), seq: 0 }];
}
