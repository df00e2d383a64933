// What the bindings (JSON-RPC, HTTP+JSON) ask of the A2A logic, in the internal model only. Protocol
// versions and bindings are translations around this interface; Temporal sits behind it.
import type {
  JsonObject,
  Message,
  PushNotificationConfig,
  StreamEvent,
  Task,
  TaskState,
} from '../src/a2a-model/types';

/** Who is calling. Without authentication configured, every caller is the anonymous principal. */
export interface Principal {
  tenant: string;
  subject: string;
  scopes: readonly string[];
  authenticated: boolean;
  /** Roles such as `approver`, used by agents that take human decisions. */
  roles: readonly string[];
}

export interface CallContext {
  agentId: string;
  requestId: string;
  principal: Principal;
  /** Aborted when the client disconnects, so work done for it stops. */
  signal: AbortSignal;
  /** The negotiated protocol version; handlers rarely need it. */
  protocolVersion: '1.0' | '0.3';
  /** The v1.0 routing tenant from the path (`/{tenant}/…`) or the request's `tenant` field, if any. */
  tenant?: string;
}

export interface SendMessageConfiguration {
  acceptedOutputModes?: string[];
  pushNotificationConfig?: Omit<PushNotificationConfig, 'taskId' | 'id'> & { id?: string };
  historyLength?: number;
  /** v1.0 `returnImmediately`; v0.3 `blocking: false`. */
  returnImmediately?: boolean;
}

export interface SendMessageParams {
  message: Message;
  configuration?: SendMessageConfiguration;
  metadata?: JsonObject;
}

export type SendMessageResult = { kind: 'task'; task: Task } | { kind: 'message'; message: Message };

/**
 * A stream item with its per-task sequence number, sent as the SSE `id:` for exact resume.
 * `seq` of an event is the task record's sequence number after that event (events count from 1);
 * a `task` item carries the seq of the snapshot it shows (0 for a just-submitted task), so a client
 * that resumes with that number gets exactly the events after the snapshot. Within one stream seq
 * never decreases. A direct `message` reply has no task sequence; use 0.
 */
export interface SequencedStreamEvent {
  seq: number;
  event: StreamEvent;
}

export interface ListTasksParams {
  contextId?: string;
  state?: TaskState;
  pageSize?: number;
  pageToken?: string;
  historyLength?: number;
  /** ISO 8601; tasks whose status timestamp is at or after it. */
  statusTimestampAfter?: string;
  includeArtifacts?: boolean;
}

export interface ListTasksResult {
  tasks: Task[];
  /** Empty string on the last page (§3.1.4). */
  nextPageToken: string;
  pageSize: number;
  totalSize: number;
}

/**
 * Errors are A2AError (api/a2a-error.ts); anything else reaches the client as InternalError and is
 * logged. The protocol layer has already validated params, checked the agent card's capabilities
 * (streaming, push, extended card) and will enforce historyLength/includeArtifacts on results.
 *
 * Streams: the first item is read before any response header is sent, so throw validation and
 * lookup errors (TaskNotFound, UnsupportedOperation …) before yielding anything; an error after
 * that becomes a final error frame. End the iterator after a status update in a terminal or
 * interrupted state. When `ctx.signal` aborts (client gone, shutdown) stop all work for the call
 * and end promptly: `return()` is also called, but it cannot interrupt a pending `next()`.
 */
export interface A2ARequestHandler {
  sendMessage(ctx: CallContext, params: SendMessageParams): Promise<SendMessageResult>;
  /** A Task (or a single direct Message) first, then that task's events in sequence order. */
  sendStreamingMessage(ctx: CallContext, params: SendMessageParams): AsyncIterable<SequencedStreamEvent>;
  getTask(ctx: CallContext, params: { id: string; historyLength?: number }): Promise<Task>;
  listTasks(ctx: CallContext, params: ListTasksParams): Promise<ListTasksResult>;
  cancelTask(ctx: CallContext, params: { id: string; metadata?: JsonObject }): Promise<Task>;
  /**
   * Without `lastEventId`: the current Task first, then its events. With `lastEventId` (the client's
   * `Last-Event-ID`): the events with seq > lastEventId, no gap and no duplicate (a Task snapshot
   * when the log no longer holds them); an empty stream when nothing is left and the task has
   * finished. Without lastEventId a terminal task is UnsupportedOperation; a lastEventId beyond
   * the task's latest seq is InvalidParams.
   */
  subscribeToTask(ctx: CallContext, params: { id: string; lastEventId?: number }): AsyncIterable<SequencedStreamEvent>;
  createPushConfig(
    ctx: CallContext,
    params: { taskId: string; config: Omit<PushNotificationConfig, 'taskId' | 'id'> & { id?: string } },
  ): Promise<PushNotificationConfig>;
  getPushConfig(ctx: CallContext, params: { taskId: string; id: string }): Promise<PushNotificationConfig>;
  listPushConfigs(
    ctx: CallContext,
    params: { taskId: string; pageSize?: number; pageToken?: string },
  ): Promise<{ configs: PushNotificationConfig[]; nextPageToken: string }>;
  deletePushConfig(ctx: CallContext, params: { taskId: string; id: string }): Promise<void>;
}
