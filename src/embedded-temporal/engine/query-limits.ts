// The server's answers to queries it will not run: fail fast while the workflow task keeps failing
// (WorkflowNotReady once the pending task reaches attempt 3), and refuse a consistent query when the
// buffer of queries waiting for a workflow task is full (ResourceExhausted, BUSY_WORKFLOW).
import { enums, lookupType } from '../proto/schema';
import { Code, EngineError } from '../grpc/errors';
import type { Engine } from './engine';
import type { Run } from './run';

const WorkflowNotReadyFailure = lookupType('temporal.api.errordetails.v1.WorkflowNotReadyFailure');
const ResourceExhaustedFailure = lookupType('temporal.api.errordetails.v1.ResourceExhaustedFailure');

/** Throws when the server would refuse this query before running it. */
export function checkQueryAdmission(engine: Engine, run: Run): void {
  const wt = run.isOpen ? run.state.wt : null;
  const failAt = engine.limits.failQueryAtAttempt;
  if (wt && failAt > 0 && wt.attempt >= failAt) {
    throw new EngineError(Code.FAILED_PRECONDITION, 'Unable to query workflow due to Workflow Task in failed state.', [
      'temporal.api.errordetails.v1.WorkflowNotReadyFailure',
      WorkflowNotReadyFailure.encode({}).finish(),
    ]);
  }
  const max = engine.limits.maxBufferedQueries;
  if (wt && max > 0 && run.queuedQueries.length >= max) {
    throw new EngineError(Code.RESOURCE_EXHAUSTED, 'consistent query buffer is full, this may be caused by too many queries and workflow not able to process query fast enough', [
      'temporal.api.errordetails.v1.ResourceExhaustedFailure',
      ResourceExhaustedFailure.encode({
        cause: enums.ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_BUSY_WORKFLOW,
        scope: enums.ResourceExhaustedScope.RESOURCE_EXHAUSTED_SCOPE_NAMESPACE,
      }).finish(),
    ]);
  }
}
