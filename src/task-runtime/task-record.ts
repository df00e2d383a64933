// The task as a workflow holds it: the A2A Task plus a sequenced log of the stream events that built
// it. Every change bumps `seq` by one, so a subscriber that saw event n can resume at n + 1 exactly.
// Pure and deterministic (time comes in as an argument): imported by workflow code and by the API.
import type {
  Artifact,
  JsonObject,
  Message,
  StreamEvent,
  Task,
  TaskArtifactUpdateEvent,
  TaskState,
  TaskStatusUpdateEvent,
} from '../a2a-model/types';
import { isTerminalState } from '../a2a-model/types';

export interface SequencedEvent {
  seq: number;
  event: StreamEvent;
}

export interface TaskRecord {
  task: Task;
  /** Sequence number of the last event applied; 0 for a task that has only been submitted. */
  seq: number;
  /** The most recent events, oldest first; bounded by `maxLogEvents`. */
  log: SequencedEvent[];
  /**
   * The timestamp of the task's `submitted` status at sequence 0, by the same clock as every later
   * event, so a stream's first Task frame never postdates what follows it. Absent in records
   * created before it existed.
   */
  createdAt?: string;
}

/** Events kept for resume; older ones are only reflected in `task`. */
export const DEFAULT_MAX_LOG_EVENTS = 1000;

export function createTaskRecord(args: {
  taskId: string;
  contextId: string;
  message: Message;
  now: string;
  metadata?: JsonObject;
}): TaskRecord {
  const message = { ...args.message, taskId: args.taskId, contextId: args.contextId };
  return {
    task: {
      id: args.taskId,
      contextId: args.contextId,
      status: { state: 'submitted', timestamp: args.now },
      artifacts: [],
      history: [message],
      ...(args.metadata ? { metadata: args.metadata } : {}),
    },
    seq: 0,
    log: [],
    createdAt: args.now,
  };
}

function append(record: TaskRecord, event: StreamEvent, maxLogEvents: number): SequencedEvent {
  record.seq += 1;
  const sequenced = { seq: record.seq, event };
  record.log.push(sequenced);
  if (record.log.length > maxLogEvents) record.log.splice(0, record.log.length - maxLogEvents);
  return sequenced;
}

/** Records a message in the task history (user input, or the agent's status message). */
export function addHistoryMessage(record: TaskRecord, message: Message): void {
  const history = (record.task.history ??= []);
  history.push({ ...message, taskId: record.task.id, contextId: record.task.contextId });
}

export function setStatus(
  record: TaskRecord,
  args: { state: TaskState; message?: Message; now: string; metadata?: JsonObject },
  maxLogEvents = DEFAULT_MAX_LOG_EVENTS,
): SequencedEvent {
  if (isTerminalState(record.task.status.state)) {
    throw new Error(`task ${record.task.id} is already ${record.task.status.state}; it cannot become ${args.state}`);
  }
  const message = args.message && { ...args.message, taskId: record.task.id, contextId: record.task.contextId };
  if (message) addHistoryMessage(record, message);
  record.task.status = { state: args.state, timestamp: args.now, ...(message ? { message } : {}) };
  const event: TaskStatusUpdateEvent = {
    kind: 'status-update',
    taskId: record.task.id,
    contextId: record.task.contextId,
    status: record.task.status,
    ...(args.metadata ? { metadata: args.metadata } : {}),
  };
  return append(record, event, maxLogEvents);
}

/**
 * A status-update event that repeats the current status unchanged (same state, message and
 * timestamp) with metadata of its own: news about the task that is not a change of it (an input
 * the workflow refused). Not for a finished task, which takes no events.
 */
export function repeatStatus(record: TaskRecord, metadata: JsonObject, maxLogEvents = DEFAULT_MAX_LOG_EVENTS): SequencedEvent {
  if (isTerminalState(record.task.status.state)) {
    throw new Error(`task ${record.task.id} is already ${record.task.status.state}; it takes no more events`);
  }
  const event: TaskStatusUpdateEvent = {
    kind: 'status-update',
    taskId: record.task.id,
    contextId: record.task.contextId,
    status: record.task.status,
    metadata,
  };
  return append(record, event, maxLogEvents);
}

/**
 * Adds an artifact, or with `append` adds parts to the artifact of the same id (streamed chunks).
 * The event carries only the chunk; the task carries the merged artifact.
 */
export function updateArtifact(
  record: TaskRecord,
  args: { artifact: Artifact; append?: boolean; lastChunk?: boolean; metadata?: JsonObject },
  maxLogEvents = DEFAULT_MAX_LOG_EVENTS,
): SequencedEvent {
  if (isTerminalState(record.task.status.state)) {
    throw new Error(`task ${record.task.id} is ${record.task.status.state}; it takes no more artifacts`);
  }
  const artifacts = (record.task.artifacts ??= []);
  const index = artifacts.findIndex((a) => a.artifactId === args.artifact.artifactId);
  if (args.append && index >= 0) {
    const existing = artifacts[index];
    artifacts[index] = { ...existing, parts: mergeParts(existing.parts, args.artifact.parts) };
  } else if (index >= 0) {
    artifacts[index] = args.artifact;
  } else {
    artifacts.push(args.artifact);
  }
  const event: TaskArtifactUpdateEvent = {
    kind: 'artifact-update',
    taskId: record.task.id,
    contextId: record.task.contextId,
    artifact: args.artifact,
    ...(args.append ? { append: true } : {}),
    ...(args.lastChunk !== undefined ? { lastChunk: args.lastChunk } : {}),
    ...(args.metadata ? { metadata: args.metadata } : {}),
  };
  return append(record, event, maxLogEvents);
}

/** Consecutive text chunks join into one text part, so a streamed answer reads as one text. */
function mergeParts(existing: Artifact['parts'], added: Artifact['parts']): Artifact['parts'] {
  const merged = [...existing];
  for (const part of added) {
    const last = merged[merged.length - 1];
    if (last && last.kind === 'text' && part.kind === 'text' && !part.metadata && !last.metadata) {
      merged[merged.length - 1] = { ...last, text: last.text + part.text };
    } else {
      merged.push(part);
    }
  }
  return merged;
}
