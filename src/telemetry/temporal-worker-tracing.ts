// Temporal's OpenTelemetry worker interceptors and workflow span sink for this application's worker,
// plus the task id on every activity run and workflow span (made in the sandbox, handed over by the
// sink). Nothing is installed when tracing is off.
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import type { ActivityInboundCallsInterceptor, InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { WorkflowInfo } from '@temporalio/workflow';
import { taskIdOfAnyWorkflowId } from '../task-runtime/task-workflow-id';
import { TASK_ID_ATTRIBUTE, tagActiveSpan } from './spans';
import type { Tracing } from './tracing';

/**
 * Bundled into the workflow code when tracing is on: Temporal's (a span for the run, each activity
 * scheduled, each signal), then ours (links from later signals to the task's first trace).
 */
export const WORKFLOW_TRACING_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  require.resolve('./workflow-task-links'),
];

function taskIdActivityInterceptor(ctx: ActivityContext): { inbound: ActivityInboundCallsInterceptor } {
  return {
    inbound: {
      execute: (input, next) => {
        tagActiveSpan(ctx.info.workflowExecution?.workflowId);
        return next(input);
      },
    },
  };
}

/** What of a workflow's info goes into its spans: identifiers only. */
function spanInfo(info: WorkflowInfo): WorkflowInfo {
  const { workflowId, runId, workflowType, taskQueue, namespace } = info;
  return { workflowId, runId, workflowType, taskQueue, namespace } as WorkflowInfo;
}

export type WorkerTracingOptions = Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>>;

/** The worker's activity interceptors and the sink that receives the sandbox's workflow spans. */
export function tracingWorkerOptions(tracing: Tracing | undefined): WorkerTracingOptions | undefined {
  if (!tracing?.enabled || !tracing.spanProcessor || !tracing.resource) return undefined;
  const exporter = makeWorkflowExporter(tracing.spanProcessor, tracing.resource);
  const sinks: InjectedSinks<OpenTelemetrySinks> = {
    exporter: {
      export: {
        ...exporter.export,
        // The sandbox knows nothing of tasks; its workflow id says which task the spans belong to.
        fn: (info, spans) => {
          const taskId = taskIdOfAnyWorkflowId(info.workflowId);
          if (taskId) for (const span of spans) span.attributes[TASK_ID_ATTRIBUTE] = taskId;
          // Temporal's exporter copies the info it gets into every span's attributes: given all of
          // it, that would be the memo and search attributes, i.e. task state and message text.
          exporter.export.fn(spanInfo(info), spans);
        },
      },
    },
  };
  return {
    interceptors: {
      activity: [
        (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
        taskIdActivityInterceptor,
      ],
      workflowModules: WORKFLOW_TRACING_MODULES,
    },
    sinks,
  };
}
