// Builds the Temporal worker that runs every agent workflow and activity on one task queue.
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { tracingWorkerOptions } from '../telemetry/temporal-worker-tracing';
import type { Tracing } from '../telemetry/tracing';
import { bundleWorkflowsInChildProcess } from './bundle-workflows';
import { taskMetricsSinks, type TaskMetrics } from '../metrics/task-metrics';

export interface TaskWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** The connections' data converter (payload encryption); codecs run here, outside the workflow sandbox. */
  dataConverter?: DataConverter;
  /** A pre-built bundle (tests bundle once per file); otherwise the workflows are bundled in a child process. */
  workflowBundle?: { code: string };
  /** Workflows kept in memory between tasks; 0 replays every task from history. Default 250. */
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** How long running activities get to finish when the worker shuts down. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** When on: spans for workflow runs and activities (a given workflowBundle must include WORKFLOW_TRACING_MODULES). */
  tracing?: Tracing;
  /** Counts what workflows report through their `taskMetrics` sink; the sink is registered (as a no-op) without it. */
  taskMetrics?: TaskMetrics;
}

export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows');

/**
 * A2A tasks spend most of their life waiting for a person, and an idle cached workflow costs the
 * worker most of a megabyte (its workflow context plus the core's copy of its history), while a
 * parked task's short history replays in milliseconds when it wakes. The SDK sizes its cache by the
 * heap limit (about 2,300 on a 4 GiB heap), which the A2A benchmark measured at 1.3 GiB of worker RSS
 * with 10,000 parked tasks; 250 measured 0.5 GiB and 100 measured 0.37 GiB. 100 stays above the
 * SDK's 40 concurrent workflow tasks and the benchmark's 64 tasks in flight, so active tasks are not
 * evicted between their own workflow tasks.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 100;

export async function createTaskWorker(options: TaskWorkerOptions): Promise<Worker> {
  const tracing = tracingWorkerOptions(options.tracing);
  const workflowBundle = options.workflowBundle ?? (await bundleWorkflowsInChildProcess(WORKFLOWS_PATH, tracing?.interceptors.workflowModules));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    workflowBundle,
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    ...(options.maxConcurrentActivityTaskExecutions !== undefined
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions }
      : {}),
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    ...tracing,
    sinks: { ...tracing?.sinks, ...taskMetricsSinks(options.taskMetrics) },
  });
}
