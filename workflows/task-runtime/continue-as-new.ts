// Continue-as-new for task workflows, at points the runtime controls: where an agent says it can
// resume from a JSON state (`TaskContext.checkpoint` between steps, `requestInput` with `resumeWith`
// while it waits). Never while an activity runs: its result would reach a closed run.
import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { JsonObject } from '../../src/a2a-model/types';
import type { CarriedTaskState, TaskWorkflowInput } from '../../src/task-runtime/contract';
import type { PushDispatcher } from './push-dispatcher';
import type { TaskWorkflowState } from './task-context';

/** Runs begun before this never continue as new; a replay of one must not start to. */
export const CONTINUE_AS_NEW_PATCH = 'continue-as-new-at-safe-points';

interface Requested {
  agentState: JsonObject;
  inputWait?: { deadline?: number };
  chunkAttempts?: Record<string, number>;
}

export class HandOff {
  private disabled = false;
  private resumedWait: CarriedTaskState['inputWait'];
  private resolveRequest!: (request: Requested) => void;
  /** Resolves when the agent stopped at a safe point to hand the task to the next run. */
  readonly requested = new Promise<Requested>((resolve) => (this.resolveRequest = resolve));

  constructor(
    /** Continue as new above this many history events even if the server does not suggest it (tests). */
    private readonly afterEvents: number | undefined,
    carried: CarriedTaskState | undefined,
  ) {
    this.resumedWait = carried?.inputWait;
  }

  /** The history is long enough that the run should continue as new at its next safe point. */
  due(): boolean {
    if (this.disabled) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || (this.afterEvents !== undefined && info.historyLength >= this.afterEvents);
  }

  /** At a point the agent can resume from: when due, the run hands off and this never returns. */
  async at(agentState: () => JsonObject, inputWait?: { deadline?: number }): Promise<void> {
    if (!this.due()) return;
    if (!patched(CONTINUE_AS_NEW_PATCH)) {
      this.disabled = true;
      return;
    }
    this.resolveRequest({ agentState: agentState(), ...(inputWait ? { inputWait } : {}) });
    await new Promise<never>(() => undefined);
  }

  /**
   * Asked once, by a continued run's first wait for input: whether it is the wait the previous run
   * handed off in (the same absolute deadline, or none for both), which goes on without being
   * announced again. Any other wait (the deadline passed meanwhile and the agent moved on) is new.
   */
  resumesWait(deadline: number | undefined): boolean {
    const wait = this.resumedWait;
    this.resumedWait = undefined;
    return wait !== undefined && wait.deadline === deadline;
  }
}

/**
 * Waits for input until `timeout`; false when it ran out. With `resumeWith`, hands the task to a new
 * run while waiting once continue-as-new is due, carrying the wait's deadline as an absolute time.
 */
export async function waitForInput(args: {
  handOff?: HandOff;
  hasInput: () => boolean;
  timeout?: number | string;
  resumeWith?: () => JsonObject;
  /** False while the agent has work in flight that must finish in this run (its activities' results). */
  canHandOff?: () => boolean;
}): Promise<boolean> {
  const { handOff, hasInput, resumeWith, canHandOff } = args;
  const deadline = args.timeout === undefined ? undefined : Date.now() + msToNumber(args.timeout);
  for (;;) {
    const handingOff = () => resumeWith !== undefined && handOff !== undefined && handOff.due() && (canHandOff?.() ?? true);
    const woken = () => hasInput() || handingOff();
    if (deadline === undefined) await condition(woken);
    else if (!(await condition(woken, Math.max(1, deadline - Date.now())))) return false;
    if (hasInput()) return true;
    await handOff?.at(resumeWith as () => JsonObject, deadline === undefined ? {} : { deadline });
  }
}

/** Races the agent body against a hand-off: undefined when the body finished first. */
export function untilHandOff(body: Promise<void>, handOff: HandOff): Promise<Requested | undefined> {
  const finished = async (): Promise<undefined> => {
    await body;
    return undefined;
  };
  return Promise.race([finished(), handOff.requested]);
}

/**
 * Stops push deliveries after the one in flight (the rest are carried, in order) and waits for it and
 * for signal handlers. A cancellation meanwhile resumes the deliveries and is the task's outcome.
 */
export async function readyToHandOff(push: PushDispatcher): Promise<void> {
  push.pause();
  try {
    await condition(() => push.idle && allHandlersFinished());
  } catch (err) {
    push.resume();
    throw err;
  }
}

/** Ends this run and starts the next with the task carried (after `readyToHandOff`). */
export async function continueTaskAsNew(args: {
  input: TaskWorkflowInput;
  state: TaskWorkflowState;
  push: PushDispatcher;
  request: Requested;
}): Promise<never> {
  const { input, state, push, request } = args;
  const carried: CarriedTaskState = {
    record: state.record,
    mode: state.mode,
    pushConfigs: push.configs(),
    seenMessageIds: [...state.seenMessageIds],
    pendingInputs: state.pendingInputs,
    grants: state.grants,
    inputOutcomes: state.inputOutcomes,
    agentState: request.agentState,
    queuedPushes: push.queued(),
    ...(request.inputWait ? { inputWait: request.inputWait } : {}),
    ...(request.chunkAttempts ? { chunkAttempts: request.chunkAttempts } : {}),
  };
  const { pushConfigs: _initialConfigs, ...rest } = input;
  return continueAsNew<(input: TaskWorkflowInput) => Promise<unknown>>({ ...rest, carried });
}
