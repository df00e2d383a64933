// Publishes a task's state where readers need no worker: search attributes (what ListTasks filters
// on) and the compact copy in the memo (src/task-runtime/published-task.ts). Every publication is
// issued synchronously by the call that changed the task, never from a microtask: at once for a
// settled state, for leaving one, and for new grants; while working, at most once per
// PUBLISH_INTERVAL_MS of workflow time, counted from the API's submitted copy for a new task (a change
// inside the interval waits for the next change after it, or for the settle).
import { upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { isInterruptedState, isTerminalState, type TaskState } from '../../src/a2a-model/types';
import { taskSearchAttributes, type TaskWorkflowInput } from '../../src/task-runtime/contract';
import { PUBLISHED_TASK_MEMO, publishTask } from '../../src/task-runtime/published-task';
import type { TaskWorkflowState } from './task-context';

/** Workflow time between two publications of a working task's progress. */
export const PUBLISH_INTERVAL_MS = 5_000;

const isSettled = (state: TaskState) => isTerminalState(state) || isInterruptedState(state);

export class VisibilityPublisher {
  /** What readers see now; unknown on a continued run (its predecessor published it). */
  private publishedState?: TaskState;
  private publishedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly input: TaskWorkflowInput,
    private readonly state: TaskWorkflowState,
  ) {
    if (input.carried) return;
    // A new task's submitted copy was written by the API with the start: an agent that settles
    // within the interval (most answer in their first workflow task) publishes once, when it settles.
    this.publishedState = 'submitted';
    this.publishedAt = workflowInfo().runStartTime.getTime();
  }

  /** After a status change: search attributes and memo, unless a working update is inside the interval. */
  statusChanged(): void {
    const current = this.state.record.task.status.state;
    const known = this.publishedState;
    // Readers must never see a task waiting (or finished) that is not: leaving a settled state is published at once.
    if (isSettled(current) || known === undefined || isSettled(known) || this.intervalPassed()) this.publish({ status: true });
  }

  /** After an artifact change: the memo's index, at most once per interval (the settle publishes the rest). */
  contentChanged(): void {
    if (this.intervalPassed()) this.publish({ status: false });
  }

  /** After grants change: at once, as readers are authorised by the published copy. */
  grantsChanged(): void {
    this.publish({ status: false });
  }

  private intervalPassed(): boolean {
    // Date.now() in a workflow is the activation's time: deterministic on replay.
    return Date.now() - this.publishedAt >= PUBLISH_INTERVAL_MS;
  }

  private publish({ status }: { status: boolean }): void {
    const { record, mode, grants } = this.state;
    if (status) {
      const { state, timestamp } = record.task.status;
      upsertSearchAttributes([
        { key: taskSearchAttributes.state, value: state },
        { key: taskSearchAttributes.kind, value: 'task' },
        { key: taskSearchAttributes.statusTimestamp, value: new Date(timestamp) },
      ]);
      this.publishedState = state;
    }
    const published = publishTask({ record, agentId: this.input.agentId, owner: this.input.owner, mode, grantedRoles: grants.roles });
    upsertMemo({ [PUBLISHED_TASK_MEMO]: published });
    this.publishedAt = Date.now();
  }
}
