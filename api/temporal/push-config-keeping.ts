// Where a task's push configs live, for the gateway only. While the task's run is open: in its
// workflow (signals, a query). Once it has closed (a closed run takes no signals): in the run's
// result, and after the first change past the close, in a companion keeper workflow seeded with them
// (src/task-runtime/contract.ts). Plain Temporal either way, so a real cluster behaves as the engine.
import type { Client } from '@temporalio/client';
import type { PushNotificationConfig } from '../../src/a2a-model/types';
import {
  deletePushConfigSignal,
  getPushConfigsQuery,
  pushConfigKeeperWorkflowId,
  PUSH_CONFIG_KEEPER_WORKFLOW,
  setPushConfigSignal,
  taskWorkflowId,
  type PushConfigKeeperInput,
  type PushConfigKeeperResult,
  type TaskWorkflowResult,
} from '../../src/task-runtime/contract';
import { isNotFound } from './run-endings';
import type { TemporalCallMetrics } from './temporal-call-metrics';

export type PushConfigChange = { set: PushNotificationConfig } | { delete: string };

export interface PushConfigKeepingOptions {
  client: Client;
  taskQueue: string;
  metrics: TemporalCallMetrics;
  /** Passed to new keepers; the workflow's default when undefined. */
  keepForMs?: number;
  /** Whether a workflow exists and is running; undefined when it does not exist. */
  describe(workflowId: string): Promise<{ running: boolean } | undefined>;
  /** The closed task run's result. */
  taskResult(taskId: string): Promise<TaskWorkflowResult | undefined>;
}

export class PushConfigKeeping {
  constructor(private readonly options: PushConfigKeepingOptions) {}

  /** The configs of a task whose run has closed; undefined for an unknown task. */
  async ofClosedTask(taskId: string): Promise<PushNotificationConfig[] | undefined> {
    const workflowId = pushConfigKeeperWorkflowId(taskId);
    const keeper = await this.options.describe(workflowId);
    if (!keeper) return (await this.options.taskResult(taskId))?.pushConfigs;
    const handle = this.options.client.workflow.getHandle(workflowId);
    if (keeper.running) {
      try {
        this.options.metrics.record('query');
        return await handle.query(getPushConfigsQuery);
      } catch (err) {
        // Closed in between (kept long enough without a change): its result holds the same configs.
        if (!isNotFound(err)) throw err;
      }
    }
    this.options.metrics.record('result');
    return ((await handle.result()) as PushConfigKeeperResult).configs;
  }

  /** Applies a change: to the task's open run, else to its keeper (started, seeded, when there is none). */
  async apply(taskId: string, change: PushConfigChange): Promise<void> {
    try {
      this.options.metrics.record('signal');
      await this.signal(this.options.client.workflow.getHandle(taskWorkflowId(taskId)), change);
      return;
    } catch (err) {
      // Closed: "workflow execution already completed" (the task itself was found by the caller).
      if (!isNotFound(err)) throw err;
    }
    // The seed matters only when no keeper runs; then it is exactly what ofClosedTask reads now, so
    // concurrent first changes seed alike and the later one merely signals the run the first started.
    const seed = (await this.ofClosedTask(taskId)) ?? [];
    const input: PushConfigKeeperInput = { taskId, configs: seed, ...(this.options.keepForMs ? { keepForMs: this.options.keepForMs } : {}) };
    this.options.metrics.record('start');
    const start = { workflowId: pushConfigKeeperWorkflowId(taskId), taskQueue: this.options.taskQueue, args: [input] as [PushConfigKeeperInput] };
    if ('set' in change) {
      await this.options.client.workflow.signalWithStart(PUSH_CONFIG_KEEPER_WORKFLOW, { ...start, signal: setPushConfigSignal, signalArgs: [{ config: change.set }] });
    } else {
      await this.options.client.workflow.signalWithStart(PUSH_CONFIG_KEEPER_WORKFLOW, { ...start, signal: deletePushConfigSignal, signalArgs: [{ id: change.delete }] });
    }
  }

  private async signal(handle: ReturnType<Client['workflow']['getHandle']>, change: PushConfigChange): Promise<void> {
    if ('set' in change) await handle.signal(setPushConfigSignal, { config: change.set });
    else await handle.signal(deletePushConfigSignal, { id: change.delete });
  }
}
