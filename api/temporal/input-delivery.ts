// How the gateway delivers an input and reads what the workflow decided: one signal, then a wait on
// history until the workflow task that handles it is done, then the outcome. From a query while the
// run stays open (its worker has it cached); from the run's result when that workflow task closed the
// run (an answer that completes the task): a query then would have a worker replay the whole run.
import { QueryNotRegisteredError } from '@temporalio/client';
import type { InputOutcomeRequest, TaskWorkflowResult } from '../../src/task-runtime/contract';
import { findOutcome, type InputOutcome } from '../../src/task-runtime/input-outcome';
import { isNotFound } from './run-endings';
import type { ChangeCursor, InputDelivery, TaskChange } from './task-gateway';

/** The longest wait for the signal's workflow task before asking the workflow anyway. */
const MAX_SETTLE_WAIT_MS = 60_000;

export interface InputDeliverySteps {
  signal(): Promise<void>;
  waitForChange(cursor: ChangeCursor | undefined, options: { maxWaitMs: number; signal: AbortSignal }): Promise<TaskChange>;
  /** The closed run's result, if its close event was read (waitForChange keeps it). */
  closedResult(): TaskWorkflowResult | undefined;
  query(request: InputOutcomeRequest): Promise<InputOutcome | undefined>;
}

export async function deliverInputSignal(
  steps: InputDeliverySteps,
  request: InputOutcomeRequest,
  options: { decideWithinMs?: number } = {},
): Promise<InputDelivery> {
  try {
    await steps.signal();
  } catch (err) {
    // The run closed since the caller last read the task: nothing was delivered.
    if (isNotFound(err)) return { kind: 'closed' };
    throw err;
  }
  const waitMs = options.decideWithinMs ?? MAX_SETTLE_WAIT_MS;
  const stop = AbortSignal.timeout(waitMs);
  let cursor: ChangeCursor | undefined;
  try {
    for (;;) {
      const change = await steps.waitForChange(cursor, { maxWaitMs: waitMs, signal: stop });
      cursor = change.cursor;
      if (change.closed) {
        const outcomes = steps.closedResult()?.inputOutcomes;
        const outcome = outcomes && findOutcome(outcomes, request.messageId, request.digest);
        if (outcome) return { kind: 'decided', outcome };
        break; // continued as new, or ended without a result: the workflow (its new run) answers
      }
      if (!change.busy) break;
    }
  } catch (err) {
    if (!stop.aborted) throw err;
    // A caller that would not wait is answered now; a query would wait for a worker just the same.
    if (options.decideWithinMs !== undefined) return { kind: 'pending' };
  }
  try {
    const outcome = await steps.query(request);
    return outcome ? { kind: 'decided', outcome } : { kind: 'undecided' };
  } catch (err) {
    if (err instanceof QueryNotRegisteredError) return { kind: 'undecided' };
    if (isNotFound(err)) return { kind: 'closed' };
    throw err;
  }
}
