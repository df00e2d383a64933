// What the task workflow decided about an input, decided in its own state when the one input signal
// arrives (accepted as the next input, or refused with a reason), recorded per messageId and digest
// so a re-sent identical message gets the first answer. Pure and deterministic: imported by the
// workflow (which records) and by the API (which maps outcomes to protocol answers).
import type { TaskState } from '../a2a-model/types';

export type InputRefusalReason =
  /** The task is working (or just got its next input): it takes input only while it waits. */
  | 'not-waiting'
  /** The task has reached a terminal state (its run may still be delivering push notifications). */
  | 'finished'
  /** The messageId was already used in this task for a message with other content. */
  | 'message-id-reused'
  /** The agent read the input and refused it (an approver role missing, a rejection without reason …). */
  | 'refused-by-agent';

export interface InputOutcome {
  messageId: string;
  /** The message's content digest as the API computed it (api/task-service/message-digest.ts). */
  digest?: string;
  /** The delivery that first brought this message, so the API tells a first send from a re-send. */
  deliveryId?: string;
  outcome: 'accepted' | 'refused';
  reason?: InputRefusalReason;
  /** The task's state when the input was refused (not-waiting, finished). */
  state?: TaskState;
  /** For an agent's refusal: its own short code (e.g. `not-an-approver`, `not-a-decision`). */
  code?: string;
  /** Why, in words, for people. */
  detail?: string;
  at: string;
  /** The task's sequence number when decided; for a refusal shown in the stream, that event's. */
  seq: number;
}

/** What a workflow keeps (and a continue-as-new carries): the most recent outcomes, oldest first. */
export const MAX_INPUT_OUTCOMES = 200;

export interface InputDelivery {
  messageId: string;
  digest?: string;
  deliveryId?: string;
}

export interface InputSituation {
  state: TaskState;
  /** Terminal, or answered with a direct message instead of a task. */
  finished: boolean;
  /** An input accepted earlier is still waiting for the agent to take it. */
  inputPending: boolean;
  /** The messageId is known from before outcomes were recorded (the creating message, older inputs). */
  seenBefore: boolean;
  now: string;
  seq: number;
}

/** The outcome recorded for this messageId and digest, else any outcome for the messageId. */
export function findOutcome(log: readonly InputOutcome[], messageId: string, digest?: string): InputOutcome | undefined {
  let any: InputOutcome | undefined;
  for (let i = log.length - 1; i >= 0; i--) {
    const entry = log[i];
    if (entry.messageId !== messageId) continue;
    if (digest !== undefined && entry.digest === digest) return entry;
    any ??= entry;
  }
  return any;
}

/**
 * Decides what a delivered input means. `undefined` when the answer is already on record (an
 * identical re-send) or cannot be decided here (a messageId seen before digests were recorded:
 * the API compares it with the task history).
 */
export function decideInput(log: readonly InputOutcome[], delivery: InputDelivery, situation: InputSituation): InputOutcome | undefined {
  const previous = findOutcome(log, delivery.messageId, delivery.digest);
  if (previous && (previous.digest === undefined || delivery.digest === undefined || previous.digest === delivery.digest)) return undefined;
  const base = {
    messageId: delivery.messageId,
    ...(delivery.digest !== undefined ? { digest: delivery.digest } : {}),
    ...(delivery.deliveryId !== undefined ? { deliveryId: delivery.deliveryId } : {}),
    at: situation.now,
    seq: situation.seq,
  };
  if (previous) {
    return { ...base, outcome: 'refused', reason: 'message-id-reused', detail: `messageId ${delivery.messageId} was already used for other content` };
  }
  if (situation.seenBefore) return undefined;
  if (situation.finished) {
    return { ...base, outcome: 'refused', reason: 'finished', state: situation.state, detail: `the task is ${situation.state}` };
  }
  const waiting = situation.state === 'input-required' || situation.state === 'auth-required';
  if (!waiting || situation.inputPending) {
    // With an input already taken in, the task's next event is `working`: that is what it is.
    const state: TaskState = waiting ? 'working' : situation.state;
    const detail = waiting ? 'the task already has its next input' : `the task is ${state}`;
    return { ...base, outcome: 'refused', reason: 'not-waiting', state, detail };
  }
  return { ...base, outcome: 'accepted' };
}

/** Appends an outcome, keeping the newest MAX_INPUT_OUTCOMES. */
export function recordOutcome(log: InputOutcome[], outcome: InputOutcome): void {
  log.push(outcome);
  if (log.length > MAX_INPUT_OUTCOMES) log.splice(0, log.length - MAX_INPUT_OUTCOMES);
}

/** Turns the accepted outcome of a messageId into a refusal (the agent's, or the task finishing first). */
export function refuseAccepted(
  log: InputOutcome[],
  messageId: string,
  refusal: Pick<InputOutcome, 'reason' | 'state' | 'code' | 'detail' | 'at' | 'seq'>,
): void {
  const index = log.findLastIndex((entry) => entry.messageId === messageId && entry.outcome === 'accepted');
  const kept = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  if (index >= 0) log[index] = { ...log[index], outcome: 'refused', ...kept(refusal) };
  else recordOutcome(log, { messageId, outcome: 'refused', ...kept(refusal) } as InputOutcome);
}
