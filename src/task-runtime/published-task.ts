// The compact copy of a task that its run publishes in its memo (and the API writes at start), so
// DescribeWorkflowExecution and visibility can answer for it while no worker runs. Pure and
// deterministic: the workflow builds it, the API rebuilds a Task from it. Its optional content is
// trimmed so the encoded JSON stays within MAX_PUBLISHED_BYTES (identifiers are never trimmed).
import type { Message, Part, Task, TaskState } from '../a2a-model/types';
import type { ResponseMode, TaskOwner, TaskSnapshot, TaskSnapshotRequest } from './contract';
import type { TaskRecord } from './task-record';

/** The memo key; the API's start memo and every later publication write the whole value. */
export const PUBLISHED_TASK_MEMO = 'a2aTask';
/** Task metadata key present (only) on a task read from the published copy; see the README. */
export const PUBLISHED_COPY_METADATA = 'a2a-temporal/published';

/** Far below the server's memo limits (2 KiB warns, 32 KiB fails a workflow task) for any real task. */
export const MAX_PUBLISHED_BYTES = 8 * 1024;
const MAX_STATUS_TEXT = 1_000;
const MAX_INDEXED_ARTIFACTS = 20;
const MAX_NAME = 100;
const MAX_ARTIFACT_ID = 128;
const MAX_ROLES = 20;

export interface PublishedArtifact {
  artifactId: string;
  name?: string;
  /** How many parts the artifact has; its content is read from the run, never from the memo. */
  parts: number;
}

export interface PublishedTask {
  v: 1;
  taskId: string;
  contextId: string;
  agentId: string;
  owner: TaskOwner;
  mode: ResponseMode;
  seq: number;
  createdAt?: string;
  /** The status; its message keeps only text, cut to MAX_STATUS_TEXT characters. */
  status: { state: TaskState; timestamp: string; message?: Message };
  artifacts: PublishedArtifact[];
  /** Artifacts left out of the index to keep it bounded. */
  moreArtifacts?: number;
  /** The roles granted access (TaskGrants), so a reader is authorised as a query answer would be. */
  grantedRoles: string[];
}

export function publishTask(args: {
  record: TaskRecord;
  agentId: string;
  owner: TaskOwner;
  mode: ResponseMode;
  grantedRoles: readonly string[];
}): PublishedTask {
  const { task } = args.record;
  const indexable = (task.artifacts ?? []).filter((a) => a.artifactId.length <= MAX_ARTIFACT_ID);
  const artifacts = indexable.slice(-MAX_INDEXED_ARTIFACTS).map((a) => ({
    artifactId: a.artifactId,
    ...(a.name ? { name: a.name.slice(0, MAX_NAME) } : {}),
    parts: a.parts.length,
  }));
  const message = task.status.message && compactMessage(task.status.message);
  const published: PublishedTask = {
    v: 1,
    taskId: task.id,
    contextId: task.contextId,
    agentId: args.agentId,
    owner: args.owner,
    mode: args.mode,
    seq: args.record.seq,
    ...(args.record.createdAt ? { createdAt: args.record.createdAt } : {}),
    status: { state: task.status.state, timestamp: task.status.timestamp, ...(message ? { message } : {}) },
    artifacts,
    grantedRoles: args.grantedRoles.slice(0, MAX_ROLES).filter((role) => role.length <= MAX_NAME),
  };
  const dropped = (task.artifacts ?? []).length - artifacts.length;
  if (dropped > 0) published.moreArtifacts = dropped;
  // Whatever still does not fit (long names, many roles) goes, least needed first.
  while (utf8Length(JSON.stringify(published)) > MAX_PUBLISHED_BYTES && published.artifacts.length > 0) {
    published.artifacts.shift();
    published.moreArtifacts = (published.moreArtifacts ?? 0) + 1;
  }
  if (utf8Length(JSON.stringify(published)) > MAX_PUBLISHED_BYTES) delete published.status.message;
  return published;
}

/** A well-formed published copy (anything else, e.g. a memo from another writer, is ignored). */
export function isPublishedTask(value: unknown): value is PublishedTask {
  const p = value as Partial<PublishedTask> | null;
  return typeof p === 'object' && p !== null && p.v === 1 && typeof p.taskId === 'string' && typeof p.status?.state === 'string';
}

/**
 * The snapshot a read answers from the published copy: status and identity as published, no history
 * beyond the status message, artifacts by index in the metadata (A2A artifacts need their parts).
 */
export function snapshotFromPublished(published: PublishedTask, request: TaskSnapshotRequest = {}): TaskSnapshot {
  const { status } = published;
  const task: Task = {
    id: published.taskId,
    contextId: published.contextId,
    status: { ...status },
    metadata: {
      [PUBLISHED_COPY_METADATA]: {
        seq: published.seq,
        artifacts: published.artifacts.map((a) => ({ ...a })),
        ...(published.moreArtifacts ? { moreArtifacts: published.moreArtifacts } : {}),
      },
    },
  };
  const n = request.historyLength;
  if (status.message && (n === undefined || n > 0)) task.history = [status.message];
  return {
    mode: published.mode,
    owner: published.owner,
    grants: { roles: [...published.grantedRoles] },
    agentId: published.agentId,
    seq: published.seq,
    task,
    ...(published.createdAt ? { createdAt: published.createdAt } : {}),
    events: [],
    gap: false,
  };
}

function compactMessage(message: Message): Message | undefined {
  let budget = MAX_STATUS_TEXT;
  const parts: Part[] = [];
  for (const part of message.parts) {
    if (part.kind !== 'text' || budget <= 0) continue;
    const text = part.text.slice(0, budget);
    budget -= text.length;
    parts.push({ kind: 'text', text });
  }
  if (parts.length === 0) return undefined;
  const { messageId, role, taskId, contextId } = message;
  return { messageId, role, parts, ...(taskId ? { taskId } : {}), ...(contextId ? { contextId } : {}) };
}

/** UTF-8 length without TextEncoder or Buffer, so workflow code can use it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character; a lone surrogate is written as 3 bytes.
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
