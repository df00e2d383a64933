// Whether a task is closed for good as of a cut-off, by its latest run: visibility lists every closed
// run, and a reset (or a start after a terminate) closes an old run while a newer one of the same id
// runs on, whose task must keep its data. Described by id without a run id, so the server answers
// with the latest run.
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';

const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
const OPEN_OR_UNKNOWN = new Set([Status.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED, Status.WORKFLOW_EXECUTION_STATUS_RUNNING, Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW]);

/** True when the workflow's latest run closed before `closedBefore`; false when open, later, or gone. */
export async function latestRunClosedBefore(client: Client, workflowId: string, closedBefore: Date): Promise<boolean> {
  let info;
  try {
    ({ workflowExecutionInfo: info } = await client.workflowService.describeWorkflowExecution({ namespace: client.options.namespace, execution: { workflowId } }));
  } catch (err) {
    // Gone since it was listed: nothing proves it closed before the cut-off, so this sweep keeps its data.
    if (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND) return false;
    throw err;
  }
  if (!info?.closeTime || OPEN_OR_UNKNOWN.has(info.status ?? Status.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED)) return false;
  const closedAtMs = Number(info.closeTime.seconds ?? 0) * 1000 + Math.floor((info.closeTime.nanos ?? 0) / 1e6);
  return closedAtMs < closedBefore.getTime();
}
