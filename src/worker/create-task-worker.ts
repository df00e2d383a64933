// Builds the Temporal worker that runs every agent workflow and activity on one task queue.
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';

export interface TaskWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** The connections' data converter (payload encryption); codecs run here, outside the workflow sandbox. */
  dataConverter?: DataConverter;
  /** A pre-built bundle (tests bundle once per file); otherwise the workflows are bundled here. */
  workflowBundle?: { code: string };
  /** Workflows kept in memory between tasks; 0 replays every task from history. */
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** How long running activities get to finish when the worker shuts down. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}

export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows');

export function createTaskWorker(options: TaskWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.maxConcurrentActivityTaskExecutions !== undefined
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions }
      : {}),
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
  });
}
