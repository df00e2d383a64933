// The API's half of atomic input: one signal carries the message (with its digest, and a push config
// the owner sent with it), the workflow decides in its own state what it means, and the recorded
// outcome is the answer. No state is checked before the signal, so a task that moved on in between
// (a timer fired, it finished and drains its webhooks, its run closed) is answered as it now is:
// UnsupportedOperation naming the state, never an internal error, never an input left unconsumed.
import { randomUUID } from 'node:crypto';
import type { Message, PushNotificationConfig } from '../../src/a2a-model/types';
import type { InputSender, TaskSnapshot } from '../../src/task-runtime/contract';
import type { InputOutcome } from '../../src/task-runtime/input-outcome';
import { A2AError } from '../a2a-error';
import type { BegunSend } from './begin-send';
import { throwIfLinkRefused } from './decision-link-input';
import { messageDigest } from './message-digest';
import type { TaskServiceDeps } from './task-service-deps';

export interface InputToDeliver {
  /** The task as the caller was allowed to see it (read for access only, not for its state). */
  snapshot: TaskSnapshot;
  /** The message as the client sent it: what its digest is computed from. */
  sent: Message;
  /** The message as it enters history (large files moved to the artifact store, task and context set). */
  message: Message;
  sender: InputSender;
  pushConfig?: PushNotificationConfig;
  /** A non-blocking send: answer with the task as it is if the workflow has not decided by then. */
  decideWithinMs?: number;
}

export async function deliverInput(deps: TaskServiceDeps, input: InputToDeliver): Promise<BegunSend> {
  const { snapshot, message, sender, pushConfig } = input;
  const taskId = snapshot.task.id;
  const digest = messageDigest(input.sent);
  const deliveryId = randomUUID();
  const delivery = await deps.gateway.provideInput(
    taskId,
    { message, sender, digest, deliveryId, ...(pushConfig ? { pushConfig } : {}) },
    input.decideWithinMs !== undefined ? { decideWithinMs: input.decideWithinMs } : {},
  );
  const base = { taskId, initialTask: snapshot.task, startSeq: snapshot.seq, newTask: false };
  switch (delivery.kind) {
    case 'closed':
      return answerClosedTask(deps, taskId, message.messageId, digest);
    case 'pending':
      // Durable in history, decided when a worker runs the task; the caller chose not to wait.
      return { ...base, triggered: true };
    case 'undecided':
      // A worker older than input outcomes took the input as it always did (push config apart).
      if (pushConfig) await deps.gateway.setPushConfig(taskId, pushConfig);
      return { ...base, triggered: true };
    case 'decided':
      break;
  }
  const { outcome } = delivery;
  // Seen before outcomes were recorded (no digest kept): the task history says what it was.
  if (outcome.digest === undefined) return answerFromHistory(deps, taskId, message.messageId, digest);
  if (outcome.outcome === 'refused') throwRefusal(taskId, outcome);
  throwIfLinkRefused(outcome);
  // An agent's refusal (who may not decide, no reason given) is answered with the task, whose status
  // says why, as it always was; a re-send of the same message answers like the first, triggering nothing.
  return { ...base, triggered: outcome.deliveryId === deliveryId };
}

function throwRefusal(taskId: string, outcome: InputOutcome): void {
  const state = outcome.state;
  switch (outcome.reason) {
    case 'message-id-reused':
      throw messageIdReused(outcome.messageId, taskId);
    case 'finished':
      throw finishedTask(taskId, state ?? 'completed');
    case 'not-waiting':
      throw A2AError.unsupportedOperation(
        `Task ${taskId} is ${state}; it accepts a message only while input-required or auth-required`,
        { taskId, state: state ?? 'working' },
      );
    case 'refused-by-agent':
    case undefined:
      return;
  }
}

/** The run closed before the input reached it: an identical re-send is answered, anything else refused. */
async function answerClosedTask(deps: TaskServiceDeps, taskId: string, messageId: string, digest: string): Promise<BegunSend> {
  const { current, seen } = await readSent(deps, taskId, messageId, digest);
  if (!seen) throw finishedTask(taskId, current.task.status.state);
  return { taskId, initialTask: current.task, startSeq: current.seq, newTask: false, triggered: false };
}

async function answerFromHistory(deps: TaskServiceDeps, taskId: string, messageId: string, digest: string): Promise<BegunSend> {
  const { current } = await readSent(deps, taskId, messageId, digest);
  return { taskId, initialTask: current.task, startSeq: current.seq, newTask: false, triggered: false };
}

/** The task, and whether its history holds this message; the same messageId with other content is refused. */
async function readSent(deps: TaskServiceDeps, taskId: string, messageId: string, digest: string): Promise<{ current: TaskSnapshot; seen: boolean }> {
  const current = await deps.gateway.getSnapshot(taskId, { includeArtifacts: true });
  if (!current) throw A2AError.taskNotFound(taskId);
  const seen = current.task.history?.find((m) => m.messageId === messageId);
  if (seen && messageDigest(seen) !== digest) throw messageIdReused(messageId, taskId);
  return { current, seen: seen !== undefined };
}

function finishedTask(taskId: string, state: string): A2AError {
  return A2AError.unsupportedOperation(`Task ${taskId} is ${state}; a finished task accepts no more messages`, { taskId, state });
}

export function messageIdReused(messageId: string, taskId?: string): A2AError {
  return A2AError.invalidParams(
    `messageId ${messageId} was already sent${taskId ? ` to task ${taskId}` : ''} with different content; a new message needs a new messageId`,
    { messageId, ...(taskId ? { taskId } : {}) },
  );
}
