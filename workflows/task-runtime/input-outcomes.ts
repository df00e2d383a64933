// The workflow's half of atomic input: the one provideInput signal is decided here, in the task's own
// state, as it arrives (the next input, or refused and recorded), and the API reads the outcome with a
// query. A refusal is also the task's next stream event unless the task has finished. The signal
// handler only records; refusal events are issued by a loop of their own, like every other command.
import { CancellationScope, condition } from '@temporalio/workflow';
import type { PushNotificationConfig } from '../../src/a2a-model/types';
import type { InputOutcomeRequest, ProvideInputArgs } from '../../src/task-runtime/contract';
import { decideInput, findOutcome, recordOutcome, refuseAccepted, type InputOutcome } from '../../src/task-runtime/input-outcome';
import { repeatStatus } from '../../src/task-runtime/task-record';
import type { TaskContext, TaskWorkflowState } from './task-context';

/** Metadata key of the status-update event that shows a refused input (see README "Input"). */
export const INPUT_REFUSED_KEY = 'inputRefused';

export class InputDesk {
  /** Refusals still to be shown in the stream. */
  private readonly notices: InputOutcome[] = [];

  constructor(
    private readonly state: TaskWorkflowState,
    private readonly task: TaskContext,
    private readonly setPushConfig: (config: PushNotificationConfig) => void,
  ) {}

  /** The signal handler: decides and records; issues no command. */
  receive({ message, sender, digest, deliveryId, pushConfig }: ProvideInputArgs): void {
    const { record } = this.state;
    const outcome = decideInput(
      this.state.inputOutcomes,
      { messageId: message.messageId, ...(digest !== undefined ? { digest } : {}), ...(deliveryId !== undefined ? { deliveryId } : {}) },
      {
        state: record.task.status.state,
        finished: this.task.isFinished,
        inputPending: this.state.pendingInputs.length > 0,
        seenBefore: this.state.seenMessageIds.has(message.messageId),
        now: new Date().toISOString(),
        seq: record.seq,
      },
    );
    if (!outcome) return;
    recordOutcome(this.state.inputOutcomes, outcome);
    if (outcome.outcome === 'refused') {
      if (!this.task.isFinished) this.notices.push(outcome);
      return;
    }
    this.state.seenMessageIds.add(message.messageId);
    // Atomic with the input: a webhook sent with a refused input is not added either.
    if (pushConfig) this.setPushConfig(pushConfig);
    this.state.pendingInputs.push({ message, sender, receivedAt: outcome.at });
  }

  /** The query: the recorded outcome; for a messageId seen before outcomes were kept, one without digest. */
  answer({ messageId, digest }: InputOutcomeRequest): InputOutcome | undefined {
    const recorded = findOutcome(this.state.inputOutcomes, messageId, digest);
    if (recorded) return recorded;
    if (!this.state.seenMessageIds.has(messageId)) return undefined;
    return { messageId, outcome: 'accepted', at: this.state.record.createdAt ?? '', seq: 0 };
  }

  /**
   * Once the task has finished, inputs accepted but never taken (the agent moved on in the same
   * activation, e.g. an approval that expired as the answer came) are refused, not left in a run
   * that only drains its webhooks. State only: called whenever the task may have finished.
   */
  refuseUnconsumed(): void {
    if (!this.task.isFinished || this.state.pendingInputs.length === 0) return;
    const state = this.state.record.task.status.state;
    const at = new Date().toISOString();
    for (const input of this.state.pendingInputs.splice(0)) {
      refuseAccepted(this.state.inputOutcomes, input.message.messageId, { reason: 'finished', state, detail: `the task is ${state}`, at, seq: this.state.record.seq });
    }
  }

  /**
   * Shows each refusal as the task's next event: a status update repeating the current status, with
   * `metadata.inputRefused` naming the messageId and reason. Waits until an input accepted in the
   * same activation has been taken, so the refusal never shows the waiting state the accepted input
   * just ended. Runs for the life of the run; cancellation of the task does not stop it.
   */
  async announceRefusals(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      for (;;) {
        await condition(() => this.notices.length > 0 && this.state.pendingInputs.length === 0);
        for (const outcome of this.notices.splice(0)) this.announce(outcome);
      }
    });
  }

  private announce(outcome: InputOutcome): void {
    if (this.task.isFinished || this.state.mode !== 'task') return;
    const event = repeatStatus(this.state.record, {
      [INPUT_REFUSED_KEY]: {
        messageId: outcome.messageId,
        reason: outcome.reason ?? 'not-waiting',
        ...(outcome.state ? { state: outcome.state } : {}),
        ...(outcome.detail ? { detail: outcome.detail } : {}),
      },
    });
    outcome.seq = event.seq;
    this.state.onEvent(event);
  }
}
