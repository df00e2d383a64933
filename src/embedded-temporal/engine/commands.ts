// Applies the commands of a completed workflow task, in order, each writing the event that mirrors it
// (attributes copied from the command, since replay compares them). Validation runs first so an
// invalid command fails the task without half-applied state.
import { EventType, Status, enums, type temporal, type Payload } from '../proto/schema';
import { randomUUID } from 'node:crypto';
import type { Engine, NamespaceState } from './engine';
import type { Run } from './run';
import { normalizeTimeouts, requestCancelActivity, scheduleActivity } from './activities';
import { closeRun, createRun, failRun, inherit } from './executions';
import { durMs } from './durations';
import { detach } from './detach';
import { checkSearchAttributes, isRemoval } from '../visibility/search-attributes';
import { normalizeRetryPolicy } from './retry';
import { cancelExternal, signalExternal, startChild } from './children';

type Command = temporal.api.command.v1.ICommand;
const CT = enums.CommandType;
const FC = enums.WorkflowTaskFailedCause;

const CLOSING = new Set<number>([
  CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

export function isClosing(c: Command): boolean {
  return CLOSING.has(c.commandType ?? 0);
}

export interface InvalidCommand {
  cause: number;
  message: string;
}

/** Returns the first problem with the commands, or null; applies nothing. */
export function validateCommands(ns: NamespaceState, run: Run, commands: Command[], messageIds: Set<string> = new Set()): InvalidCommand | null {
  const st = run.state;
  const activityIds = new Set(Object.values(st.activities).map((a) => a.activityId));
  const timerIds = new Set(Object.keys(st.timers));
  const scheduled = new Set(Object.keys(st.activities).map(Number));
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    if (isClosing(c) && i !== commands.length - 1) {
      return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, message: `invalid command sequence: a workflow-closing command must be the last command (got it at ${i + 1} of ${commands.length})` };
    }
    try {
      switch (c.commandType) {
        case CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
          const a = c.scheduleActivityTaskCommandAttributes;
          if (!a?.activityId) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message: 'ActivityId is not set on ScheduleActivityTask.' };
          if (!a.activityType?.name) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message: 'ActivityType is not set on ScheduleActivityTask.' };
          if (activityIds.has(a.activityId)) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message: `Activity id ${a.activityId} is already in use.` };
          activityIds.add(a.activityId);
          normalizeTimeouts(a, st.runTimeoutMs);
          normalizeRetryPolicy(a.retryPolicy);
          break;
        }
        case CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: {
          const id = Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId ?? 0);
          if (!scheduled.has(id)) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES, message: `No pending activity with scheduled event id ${id}.` };
          break;
        }
        case CT.COMMAND_TYPE_START_TIMER: {
          const a = c.startTimerCommandAttributes;
          if (!a?.timerId) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, message: 'TimerId is not set on StartTimer.' };
          if (timerIds.has(a.timerId)) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID, message: `Timer id ${a.timerId} is already in use.` };
          if (durMs(a.startToFireTimeout) <= 0) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, message: 'StartToFireTimeout must be positive.' };
          timerIds.add(a.timerId);
          break;
        }
        case CT.COMMAND_TYPE_CANCEL_TIMER: {
          const id = c.cancelTimerCommandAttributes?.timerId ?? '';
          if (!timerIds.has(id)) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES, message: `No pending timer with id ${id}.` };
          timerIds.delete(id);
          break;
        }
        case CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
          checkSearchAttributes(ns, c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields);
          break;
        case CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
          checkSearchAttributes(ns, c.continueAsNewWorkflowExecutionCommandAttributes?.searchAttributes?.indexedFields);
          break;
        case CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
          const a = c.startChildWorkflowExecutionCommandAttributes;
          const bad = FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
          if (!a?.workflowId) return { cause: bad, message: 'WorkflowId is not set on StartChildWorkflowExecution.' };
          if (!a.workflowType?.name) return { cause: bad, message: 'WorkflowType is not set on StartChildWorkflowExecution.' };
          if (a.namespace && a.namespace !== ns.name) return { cause: bad, message: `Child workflows in another namespace (${a.namespace}) are not supported.` };
          if (a.cronSchedule) return { cause: bad, message: 'Cron schedules are not supported by the embedded Temporal engine.' };
          checkSearchAttributes(ns, a.searchAttributes?.indexedFields);
          break;
        }
        case CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
          if (!c.signalExternalWorkflowExecutionCommandAttributes?.execution?.workflowId || !c.signalExternalWorkflowExecutionCommandAttributes.signalName) {
            return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES, message: 'SignalExternalWorkflowExecution needs a workflow id and a signal name.' };
          }
          break;
        case CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
          if (!c.requestCancelExternalWorkflowExecutionCommandAttributes?.workflowId) {
            return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES, message: 'RequestCancelExternalWorkflowExecution needs a workflow id.' };
          }
          break;
        case CT.COMMAND_TYPE_PROTOCOL_MESSAGE: {
          const id = c.protocolMessageCommandAttributes?.messageId ?? '';
          if (!messageIds.has(id)) return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE, message: `ProtocolMessageCommand referenced absent message ID: ${id}` };
          break;
        }
        case CT.COMMAND_TYPE_RECORD_MARKER:
        case CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:
        case CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        case CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        case CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
          break;
        default:
          return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, message: `Command ${enums.CommandType[c.commandType ?? 0] ?? c.commandType} is not supported by the embedded Temporal engine.` };
      }
    } catch (err) {
      return { cause: FC.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message: (err as Error).message };
    }
  }
  return null;
}

/** Applies validated commands; returns whether they produced events the workflow must still see. */
/** `applyMessage` applies the protocol message a ProtocolMessage command names, at that command's place. */
export function applyCommands(o: { engine: Engine; ns: NamespaceState; run: Run; commands: Command[]; completedId: number; applyMessage: (id: string) => void }): { needsTask: boolean; eager: number[] } {
  const { engine, ns, run, commands, completedId } = o;
  const st = run.state;
  let needsTask = false;
  const eager: number[] = [];
  for (const c of commands) {
    switch (c.commandType) {
      case CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
        const a = c.scheduleActivityTaskCommandAttributes ?? {};
        const scheduledId = scheduleActivity(engine, run, a, completedId, { eager: a.requestEagerExecution === true });
        if (a.requestEagerExecution) eager.push(scheduledId);
        break;
      }
      case CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
        if (requestCancelActivity(run, Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId), completedId).canceledNow) needsTask = true;
        break;
      case CT.COMMAND_TYPE_START_TIMER: {
        const a = c.startTimerCommandAttributes ?? {};
        const startedId = run.appendEvent(EventType.EVENT_TYPE_TIMER_STARTED, { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedId });
        const fireAt = Date.now() + durMs(a.startToFireTimeout);
        st.timers[a.timerId as string] = { timerId: a.timerId as string, startedId, fireAt };
        engine.timers.schedule(fireAt, 'user-timer', st.runId, `${startedId}:${a.timerId}`);
        break;
      }
      case CT.COMMAND_TYPE_CANCEL_TIMER: {
        const timerId = c.cancelTimerCommandAttributes?.timerId as string;
        const timer = st.timers[timerId];
        delete st.timers[timerId];
        run.appendEvent(EventType.EVENT_TYPE_TIMER_CANCELED, { timerId, startedEventId: timer.startedId, workflowTaskCompletedEventId: completedId, identity: '' });
        break;
      }
      case CT.COMMAND_TYPE_RECORD_MARKER: {
        const a = c.recordMarkerCommandAttributes ?? {};
        run.appendEvent(EventType.EVENT_TYPE_MARKER_RECORDED, { markerName: a.markerName, details: a.details, workflowTaskCompletedEventId: completedId, header: a.header, failure: a.failure });
        break;
      }
      case CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const fields = c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields ?? {};
        if (checkSearchAttributes(ns, fields)) engine.touchNamespace(ns);
        run.appendEvent(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, { workflowTaskCompletedEventId: completedId, searchAttributes: { indexedFields: fields } });
        st.searchAttributes = merge(st.searchAttributes, fields);
        run.visibilityCache = null;
        break;
      }
      case CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
        const fields = c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo?.fields ?? {};
        run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, { workflowTaskCompletedEventId: completedId, upsertedMemo: { fields } });
        st.memo = merge(st.memo, fields);
        break;
      }
      case CT.COMMAND_TYPE_PROTOCOL_MESSAGE:
        o.applyMessage(c.protocolMessageCommandAttributes?.messageId ?? '');
        break;
      case CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
        startChild(engine, run, c.startChildWorkflowExecutionCommandAttributes ?? {}, completedId);
        break;
      case CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
        signalExternal(engine, run, c.signalExternalWorkflowExecutionCommandAttributes ?? {}, completedId);
        break;
      case CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
        cancelExternal(engine, run, c.requestCancelExternalWorkflowExecutionCommandAttributes ?? {}, completedId);
        break;
      case CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
          result: c.completeWorkflowExecutionCommandAttributes?.result,
          workflowTaskCompletedEventId: completedId,
        });
        break;
      case CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        failRun(engine, run, c.failWorkflowExecutionCommandAttributes?.failure, completedId);
        break;
      case CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_CANCELED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, {
          workflowTaskCompletedEventId: completedId,
          details: c.cancelWorkflowExecutionCommandAttributes?.details,
        });
        break;
      case CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        continueAsNew(engine, ns, run, c.continueAsNewWorkflowExecutionCommandAttributes ?? {}, completedId);
        break;
    }
  }
  return { needsTask, eager };
}

/** Copied whole into one allocation, so repeated upserts leave one per map, none pinning a request. */
function merge(current: Record<string, Payload>, upserted: Record<string, Payload>): Record<string, Payload> {
  const next = { ...current };
  for (const [k, v] of Object.entries(upserted)) {
    if (isRemoval(v)) delete next[k];
    else next[k] = v;
  }
  return detach(next);
}

function continueAsNew(engine: Engine, ns: NamespaceState, run: Run, a: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes, completedId: number): void {
  const st = run.state;
  if (checkSearchAttributes(ns, a.searchAttributes?.indexedFields)) engine.touchNamespace(ns);
  const base = inherit(run);
  const newRunId = randomUUID();
  const workflowType = a.workflowType?.name || st.workflowType;
  const taskQueue = a.taskQueue?.name || st.taskQueue;
  const runTimeoutMs = durMs(a.workflowRunTimeout) || base.runTimeoutMs;
  const taskTimeoutMs = durMs(a.workflowTaskTimeout) || st.taskTimeoutMs;
  const initiator = a.initiator || enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW;
  st.newRunId = newRunId;
  closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
    newExecutionRunId: newRunId,
    workflowType: { name: workflowType },
    taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: a.header,
    input: a.input,
    workflowRunTimeout: a.workflowRunTimeout,
    workflowTaskTimeout: a.workflowTaskTimeout,
    workflowTaskCompletedEventId: completedId,
    backoffStartInterval: a.backoffStartInterval,
    initiator,
    failure: a.failure,
    lastCompletionResult: a.lastCompletionResult,
  });
  createRun(engine, {
    ...base,
    workflowType,
    taskQueue,
    input: a.input,
    header: a.header,
    memo: a.memo?.fields ?? st.memo,
    searchAttributes: a.searchAttributes?.indexedFields ?? st.searchAttributes,
    runTimeoutMs,
    taskTimeoutMs,
    retryPolicy: a.retryPolicy ? normalizeRetryPolicy(a.retryPolicy) : st.retryPolicy,
    runId: newRunId,
    requestId: engine.newId(),
    firstWtDelayMs: durMs(a.backoffStartInterval),
    continuedFrom: { runId: st.runId, initiator, failure: a.failure, lastCompletionResult: a.lastCompletionResult },
  });
}
