// Spans name the task a workflow belongs to (its own workflow and its push-config keeper alike) by the
// one rule of src/task-runtime/task-workflow-id.ts, and name no task for workflows that are not tasks.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { RETENTION_SWEEP_WORKFLOW_ID } from '../../src/retention/retention-contract';
import { pushConfigKeeperWorkflowId, taskWorkflowId } from '../../src/task-runtime/contract';
import { taskIdOfAnyWorkflowId } from '../../src/task-runtime/task-workflow-id';
import { TASK_ID_ATTRIBUTE, tagActiveSpan } from '../../src/telemetry/spans';

it('the task id of a task workflow and of its push-config keeper is the task id; other workflows have none', () => {
  expect(taskIdOfAnyWorkflowId(taskWorkflowId('t-1'))).toBe('t-1');
  expect(taskIdOfAnyWorkflowId(pushConfigKeeperWorkflowId('t-1'))).toBe('t-1');
  expect(taskIdOfAnyWorkflowId(RETENTION_SWEEP_WORKFLOW_ID)).toBeUndefined();
  expect(taskIdOfAnyWorkflowId('something-else')).toBeUndefined();
});

it('an activity span of a task carries its id; one of the retention sweep carries none', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  try {
    const tracer = provider.getTracer('test');
    for (const workflowId of [pushConfigKeeperWorkflowId('t-2'), RETENTION_SWEEP_WORKFLOW_ID]) {
      tracer.startActiveSpan(workflowId, (span) => {
        tagActiveSpan(workflowId);
        span.end();
      });
    }
    const attributes = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s.attributes[TASK_ID_ATTRIBUTE]]));
    expect(attributes).toEqual({ [pushConfigKeeperWorkflowId('t-2')]: 't-2', [RETENTION_SWEEP_WORKFLOW_ID]: undefined });
  } finally {
    context.disable();
    trace.disable();
  }
});
