// Temporal's OpenTelemetry client interceptor for this application's Client, plus the task id on
// each span it makes (start, signal, query, update). Nothing is installed when tracing is off.
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { tagActiveSpan } from './spans';
import type { Tracing } from './tracing';

/** Runs inside Temporal's client span (it comes second), so the active span is that call's. */
const taskIdClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => (tagActiveSpan(input.options.workflowId), next(input)),
  startWithDetails: (input, next) => (tagActiveSpan(input.options.workflowId), next(input)),
  signalWithStart: (input, next) => (tagActiveSpan(input.options.workflowId), next(input)),
  signal: (input, next) => (tagActiveSpan(input.workflowExecution.workflowId), next(input)),
  query: (input, next) => (tagActiveSpan(input.workflowExecution.workflowId), next(input)),
  startUpdate: (input, next) => (tagActiveSpan(input.workflowExecution.workflowId), next(input)),
  cancel: (input, next) => (tagActiveSpan(input.workflowExecution.workflowId), next(input)),
  terminate: (input, next) => (tagActiveSpan(input.workflowExecution.workflowId), next(input)),
  describe: (input, next) => (tagActiveSpan(input.workflowExecution.workflowId), next(input)),
};

/** The Client's interceptors: starting, signalling, querying a workflow is a span whose context travels in the headers. */
export function tracingClientInterceptors(tracing: Tracing | undefined): { workflow: WorkflowClientInterceptor[] } | undefined {
  if (!tracing?.enabled) return undefined;
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor(), taskIdClientInterceptor] };
}

