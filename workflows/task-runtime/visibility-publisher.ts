// Publishes a task's state where readers need no worker: search attributes (what ListTasks filters
// on) and the compact copy in the memo (src/task-runtime/published-task.ts). Every publication is
// issued synchronously by the call that changed the task, never from a microtask: at once for a
// settled state, a new state or new grants; while working, at most once per PUBLISH_INTERVAL_MS of
// workflow time (a change inside the interval waits for the next change after it, or the settle).
import { upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { isInterruptedState, isTerminalState, type TaskState } from '../../src/a2a-model/types';
import { taskSearchAttributes, type TaskWorkflowInput } from '../../src/task-runtime/contract';
import { PUBLISHED_TASK_MEMO, publishTask } from '../../src/task-runtime/published-task';
import type { TaskWorkflowState } from './task-context';

/** Workflow time between two publications of a working task's progress. */
export const PUBLISH_INTERVAL_MS = 2_000;

export class VisibilityPublisher {
  private publishedState?: TaskState;
  private publishedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly input: TaskWorkflowInput,
    private readonly state: TaskWorkflowState,
  ) {}

  /** After a status change: search attributes and memo, unless a working update is inside the interval. */
  statusChanged(): void {
    const current = this.state.record.task.status.state;
    const settled = isTerminalState(current) || isInterruptedState(current);
    if (settled || current !== this.publishedState || this.intervalPassed()) this.publish({ status: true });
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
