// The contract between the API and the task workflows: workflow input, signals, queries and the
// search attributes the API lists tasks by. Defined once here; workflows bind them with setHandler and
// the API addresses them by these constants, never by string literals.
import type { DecisionLinkClaims } from '../decision-links/decision-link-claims';
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { JsonObject, Message, PushNotificationConfig, Task } from '../a2a-model/types';
import type { InputOutcome } from './input-outcome';
import type { SequencedEvent, TaskRecord } from './task-record';

/** The tenant and principal that created a task; every later call is checked against it. */
export interface TaskOwner {
  tenant: string;
  subject: string;
}

export interface TaskWorkflowInput {
  taskId: string;
  contextId: string;
  agentId: string;
  owner: TaskOwner;
  /** The message that created the task; large file bytes are already replaced by `stored` parts. */
  message: Message;
  pushConfigs?: PushNotificationConfig[];
  acceptedOutputModes?: string[];
  metadata?: JsonObject;
  /** Agent settings from the registry (thresholds, delays, tool allowlists …). */
  settings?: JsonObject;
  /** Set on continue-as-new: the task so far, so the next run picks up where this one stopped. */
  carried?: CarriedTaskState;
  /** The digest of `message` (api/task-service/message-digest.ts), so its messageId cannot be reused as input. */
  messageDigest?: string;
}

export interface CarriedTaskState {
  record: TaskRecord;
  mode: ResponseMode;
  pushConfigs: PushNotificationConfig[];
  seenMessageIds: string[];
  pendingInputs: ReceivedInput[];
  grants: TaskGrants;
  /** What became of each recent input (see input-outcome.ts); absent in runs before it was recorded. */
  inputOutcomes?: InputOutcome[];
  /** Whatever the agent needs to pick up its own work in the next run. */
  agentState?: JsonObject;
  /** Events not yet delivered to a webhook when the run handed off, by push config id, in order. */
  queuedPushes?: Array<{ configId: string; events: SequencedEvent[] }>;
  /** The newest activity attempt that streamed into each artifact: chunks of older ones stay stale. */
  chunkAttempts?: Record<string, number>;
  /** Set when the run handed off while the agent waited for input: that wait goes on, not announced again. */
  inputWait?: { deadline?: number };
}

/**
 * `pending` until the agent's first step decides whether this is a task or a direct message reply;
 * a `message` reply is not a task for the client (GetTask answers TaskNotFound).
 */
export type ResponseMode = 'pending' | 'task' | 'message';

export interface TaskSnapshotRequest {
  /** Return the events after this sequence number (for streams); omit for none. */
  afterSeq?: number;
  historyLength?: number;
  includeArtifacts?: boolean;
}

/**
 * Who besides the owner may read a task and answer it while it waits: principals of the owner's
 * tenant holding one of these roles (e.g. the approvers of an approval request).
 */
export interface TaskGrants {
  roles: string[];
}

export interface TaskSnapshot {
  mode: ResponseMode;
  owner: TaskOwner;
  grants: TaskGrants;
  agentId: string;
  seq: number;
  task: Task;
  directMessage?: Message;
  /** See `TaskRecord.createdAt`: when the workflow created the task, by the workflow's clock. */
  createdAt?: string;
  events: SequencedEvent[];
  /** See `eventsSince`: the log no longer holds every event after `afterSeq`. */
  gap: boolean;
}

/**
 * The closing result of a task workflow, readable from history without a worker once the run has
 * ended: the full task and every retained event (`events` is the log from sequence 0).
 */
export interface TaskWorkflowResult {
  snapshot: TaskSnapshot;
  pushConfigs: PushNotificationConfig[];
  /** What became of the recent inputs, so the answer to one that closed the run needs no replay. */
  inputOutcomes?: InputOutcome[];
}

/**
 * The push configs of a task whose run has closed (a closed run takes no signals), kept by a small
 * companion workflow so they can still be read, created and deleted. It answers the same query and
 * signals as the task workflow, starts from the task's final configs (or its own previous result),
 * and completes with them once no change came for `keepForMs`.
 */
export interface PushConfigKeeperInput {
  taskId: string;
  configs: PushNotificationConfig[];
  keepForMs?: number;
}

export interface PushConfigKeeperResult {
  configs: PushNotificationConfig[];
}

export const PUSH_CONFIG_KEEPER_WORKFLOW = 'pushConfigKeeperWorkflow';

/** The principal that sent an input, as the API authenticated it. */
export interface InputSender {
  tenant: string;
  subject: string;
  roles: string[];
  /** A decision link the message came with, verified by the API (signature, expiry, task); never a credential. */
  decisionLink?: DecisionLinkClaims;
}

export interface ProvideInputArgs {
  message: Message;
  sender: InputSender;
  /** The message's content digest, so the workflow can tell a re-send from a reused messageId. */
  digest?: string;
  /** Unique per send, so the API can tell its own delivery's outcome from an earlier identical one. */
  deliveryId?: string;
  /** A push config sent with the input (owner only, checked by the API); set only if the input is accepted. */
  pushConfig?: PushNotificationConfig;
}

/** Which input's outcome to read (`getInputOutcomeQuery`). */
export interface InputOutcomeRequest {
  messageId: string;
  digest?: string;
}

/** An input as the agent receives it: what was said, by whom, and when it arrived. */
export interface ReceivedInput {
  message: Message;
  sender: InputSender;
  receivedAt: string;
}

/** Streamed model output: the payload the model activity's signaling stream sink sends. */
export interface ArtifactChunkArgs {
  taskId: string;
  artifactId: string;
  name?: string;
  text: string;
  /** False on the first chunk of an activity attempt: a retried attempt replaces what came before. */
  append: boolean;
  lastChunk: boolean;
  /** The activity attempt that produced the chunk; chunks of an older attempt are stale. */
  attempt: number;
  /** Position within the attempt. */
  index: number;
}

export const getTaskSnapshotQuery = defineQuery<TaskSnapshot, [TaskSnapshotRequest]>('getTaskSnapshot');
export const getPushConfigsQuery = defineQuery<PushNotificationConfig[]>('getPushConfigs');
/** What the workflow decided about an input it was signalled (asked right after the signal). */
export const getInputOutcomeQuery = defineQuery<InputOutcome | undefined, [InputOutcomeRequest]>('getInputOutcome');

/**
 * A client message for a task: the workflow decides whether it is the task's next input or refuses
 * it, and records the outcome (read with `getInputOutcomeQuery`); deduplicated by messageId.
 */
export const provideInputSignal = defineSignal<[ProvideInputArgs]>('provideInput');
export const setPushConfigSignal = defineSignal<[{ config: PushNotificationConfig }]>('setPushConfig');
export const deletePushConfigSignal = defineSignal<[{ id: string }]>('deletePushConfig');
/** Streamed model output, sent by the model activity in small batches so chunks become durable events. */
export const appendArtifactChunkSignal = defineSignal<[ArtifactChunkArgs]>('appendArtifactChunk');

/** Visibility: what ListTasks filters and pages on. Registered at start-up on any Temporal server. */
export const taskSearchAttributes = {
  state: defineSearchAttributeKey('A2ATaskState', 'KEYWORD'),
  contextId: defineSearchAttributeKey('A2AContextId', 'KEYWORD'),
  agentId: defineSearchAttributeKey('A2AAgentId', 'KEYWORD'),
  tenant: defineSearchAttributeKey('A2ATenant', 'KEYWORD'),
  owner: defineSearchAttributeKey('A2AOwner', 'KEYWORD'),
  kind: defineSearchAttributeKey('A2AResponseKind', 'KEYWORD'),
  /** Roles granted access while the task waits (see TaskGrants), so ListTasks shows them to approvers. */
  grantedRoles: defineSearchAttributeKey('A2AGrantedRoles', 'KEYWORD_LIST'),
  statusTimestamp: defineSearchAttributeKey('A2AStatusTimestamp', 'DATETIME'),
} as const;

export { pushConfigKeeperWorkflowId, TASK_WORKFLOW_ID_PREFIX, taskWorkflowId } from './task-workflow-id';
