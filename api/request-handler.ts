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

/** A stream item with its per-task sequence number, sent as the SSE `id:` for exact resume. */
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
  nextPageToken: string;
  pageSize: number;
  totalSize: number;
}

export interface A2ARequestHandler {
  sendMessage(ctx: CallContext, params: SendMessageParams): Promise<SendMessageResult>;
  /**
   * The first item is read before any response header is sent, so an error raised before it
   * becomes a plain error response instead of a broken stream.
   */
  sendStreamingMessage(ctx: CallContext, params: SendMessageParams): AsyncIterable<SequencedStreamEvent>;
  getTask(ctx: CallContext, params: { id: string; historyLength?: number }): Promise<Task>;
  listTasks(ctx: CallContext, params: ListTasksParams): Promise<ListTasksResult>;
  cancelTask(ctx: CallContext, params: { id: string; metadata?: JsonObject }): Promise<Task>;
  /** With `lastEventId`, resumes after that sequence number with no gap and no duplicate. */
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
