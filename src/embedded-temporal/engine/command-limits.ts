// Size and pending-count checks on a completed workflow task's commands, as the server's
// workflowTaskCompletedHandler makes them: a payload over the blob limit fails the task with the
// command's BAD_*_ATTRIBUTES cause and terminates the run; too much pending work fails the task only.
import { enums, type temporal } from '../proto/schema';
import type { Run } from './run';
import { failureSize, overBlobLimit, payloadMapSize, payloadsSize, type EngineLimits } from './limits';

type Command = temporal.api.command.v1.ICommand;
const CT = enums.CommandType;
const FC = enums.WorkflowTaskFailedCause;

export interface CommandLimitBreach {
  cause: number;
  message: string;
  /** Blob limits end the run (the server terminates it); count limits only fail the task. */
  terminate: boolean;
}

function sizeOf(c: Command): { size: number; cause: number; message: string } | null {
  switch (c.commandType) {
    case CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:
      return { size: payloadsSize(c.scheduleActivityTaskCommandAttributes?.input), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message: 'ScheduleActivityTaskCommandAttributes.Input exceeds size limit.' };
    case CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
      // The server reports this one with the schedule-activity cause; kept as it is for fidelity.
      return { size: payloadsSize(c.completeWorkflowExecutionCommandAttributes?.result), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message: 'CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.' };
    case CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
      return { size: failureSize(c.failWorkflowExecutionCommandAttributes?.failure), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES, message: 'FailWorkflowExecutionCommandAttributes.Failure exceeds size limit.' };
    case CT.COMMAND_TYPE_RECORD_MARKER:
      return { size: payloadMapSize(c.recordMarkerCommandAttributes?.details as Record<string, temporal.api.common.v1.IPayload> | undefined), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES, message: 'RecordMarkerCommandAttributes.Details exceeds size limit.' };
    case CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
      return { size: payloadsSize(c.continueAsNewWorkflowExecutionCommandAttributes?.input), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, message: 'ContinueAsNewWorkflowExecutionCommandAttributes. Input exceeds size limit.' };
    case CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
      return { size: payloadsSize(c.startChildWorkflowExecutionCommandAttributes?.input), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, message: 'StartChildWorkflowExecutionCommandAttributes. Input exceeds size limit.' };
    case CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
      return { size: payloadsSize(c.signalExternalWorkflowExecutionCommandAttributes?.input), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES, message: 'SignalExternalWorkflowExecutionCommandAttributes.Input exceeds size limit.' };
    case CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      return { size: payloadMapSize(c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, message: 'UpsertWorkflowSearchAttributesCommandAttributes exceeds size limit.' };
    case CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:
      return { size: payloadMapSize(c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo?.fields), cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES, message: 'ModifyWorkflowPropertiesCommandAttributes exceeds size limit.' };
    default:
      return null;
  }
}

const COUNTED: Record<number, { cause: number; what: string; limit: keyof EngineLimits }> = {
  [CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK]: { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED, what: 'pending activities', limit: 'pendingActivities' },
  [CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION]: { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED, what: 'pending child workflow executions', limit: 'pendingChildren' },
  [CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION]: { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_PENDING_SIGNALS_LIMIT_EXCEEDED, what: 'pending signals to external workflows', limit: 'pendingSignals' },
  [CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION]: { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_PENDING_REQUEST_CANCEL_LIMIT_EXCEEDED, what: 'pending requests to cancel external workflows', limit: 'pendingCancelRequests' },
};

/**
 * First breach among the commands, in order, or null. Pending counts start from the run's pending
 * activities and children; this engine delivers external signals and cancel requests within the
 * task's own transaction, so those count only the ones this task issues (as the server would see them
 * pending while its transfer tasks run).
 */
export function checkCommandLimits(limits: EngineLimits, run: Run, commands: Command[]): CommandLimitBreach | null {
  const pending: Record<string, number> = {
    pendingActivities: Object.keys(run.state.activities).length,
    pendingChildren: Object.keys(run.state.children ?? {}).length,
    pendingSignals: 0,
    pendingCancelRequests: 0,
  };
  for (const c of commands) {
    const sized = sizeOf(c);
    if (sized && overBlobLimit(limits, sized.size)) return { cause: sized.cause, message: sized.message, terminate: true };
    const counted = COUNTED[c.commandType ?? 0];
    if (!counted) continue;
    const limit = limits[counted.limit] as number;
    const n = pending[counted.limit];
    if (limit > 0 && n >= limit) {
      return { cause: counted.cause, message: `the number of ${counted.what}, ${n}, has reached the per-workflow limit of ${limit}`, terminate: false };
    }
    pending[counted.limit] = n + 1;
  }
  return null;
}
