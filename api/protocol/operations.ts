// The A2A operations in the internal model, independent of binding and version: what each version's
// codec parses a request into and renders a result from. Bindings only map names and routes to these.
import type { StreamKind } from '../../src/a2a-model/stream-close';
import type { Message, Part, PushNotificationConfig, StreamEvent, Task } from '../../src/a2a-model/types';
import type { AgentDefinition } from '../../src/agents/agent-definition';
import type {
  ListTasksParams,
  ListTasksResult,
  SendMessageParams,
  SendMessageResult,
  SequencedStreamEvent,
} from '../request-handler';

export type NewPushConfig = Omit<PushNotificationConfig, 'taskId' | 'id'> & { id?: string };

export interface OperationTypes {
  sendMessage: { params: SendMessageParams; result: SendMessageResult };
  sendStreamingMessage: { params: SendMessageParams; result: AsyncIterable<SequencedStreamEvent> };
  getTask: { params: { id: string; historyLength?: number }; result: Task };
  listTasks: { params: ListTasksParams; result: ListTasksResult };
  cancelTask: { params: { id: string; metadata?: Message['metadata'] }; result: Task };
  subscribeToTask: { params: { id: string; lastEventId?: number }; result: AsyncIterable<SequencedStreamEvent> };
  createPushConfig: { params: { taskId: string; config: NewPushConfig }; result: PushNotificationConfig };
  /** `id` is optional only in v0.3 (`pushNotificationConfigId`); absent means the task's first config. */
  getPushConfig: { params: { taskId: string; id?: string }; result: PushNotificationConfig };
  listPushConfigs: {
    params: { taskId: string; pageSize?: number; pageToken?: string };
    result: { configs: PushNotificationConfig[]; nextPageToken: string };
  };
  deletePushConfig: { params: { taskId: string; id: string }; result: void };
  /** The result is the agent's definition with the extended card applied; each version renders it as a card. */
  getExtendedAgentCard: { params: Record<string, never>; result: AgentDefinition };
}

export type OperationName = keyof OperationTypes;
export type StreamingOperation = 'sendStreamingMessage' | 'subscribeToTask';
export type UnaryOperation = Exclude<OperationName, StreamingOperation>;
export type ParamsOf<K extends OperationName> = OperationTypes[K]['params'];
export type ResultOf<K extends OperationName> = OperationTypes[K]['result'];

export const isStreamingOperation = (op: OperationName): op is StreamingOperation =>
  op === 'sendStreamingMessage' || op === 'subscribeToTask';

/** A request parsed by a codec: the operation's params plus the v1.0 routing tenant, if any. */
export interface Parsed<P> {
  params: P;
  tenant?: string;
}
// Generic over the params type, not the operation name: operations sharing params (send and stream)
// then share parsers, which variance checks on a name-keyed generic would refuse.
export type ParsedRequest<K extends OperationName> = Parsed<ParamsOf<K>>;

/**
 * Turns an internal `stored` part into a `url` part the client can fetch (artifact downloads).
 * `taskId` is the task the part belongs to, when it belongs to one: downloads are authorized per task.
 */
export type StoredPartRenderer = (
  part: Extract<Part, { kind: 'stored' }>,
  context: { agentId: string; publicBaseUrl: string; taskId?: string },
) => Extract<Part, { kind: 'url' }>;

/** Everything a renderer needs besides the value: where the agent lives and how stored bytes are exposed. */
export interface RenderContext {
  agentId: string;
  publicBaseUrl: string;
  /** Base URL of this agent's endpoints as seen by the client (cards list it as interface URL). */
  agentBaseUrl: string;
  renderStoredPart: StoredPartRenderer;
  /** The task whose task, message or event is being rendered; the renderers set it as they descend. */
  taskId?: string;
  /** For stream frames: which kind of stream, so v0.3 marks `final` on the event that really ends it. */
  streamKind?: StreamKind;
}

/** The context for rendering something that belongs to `taskId` (unchanged when there is none). */
export const forTask = (rc: RenderContext, taskId: string | undefined): RenderContext =>
  taskId === undefined || taskId === rc.taskId ? rc : { ...rc, taskId };

export const defaultStoredPartRenderer: StoredPartRenderer = (part, { publicBaseUrl }) => ({
  kind: 'url',
  url: `${publicBaseUrl}/artifacts/${encodeURIComponent(part.blobId)}`,
  ...(part.mediaType !== undefined ? { mediaType: part.mediaType } : {}),
  ...(part.filename !== undefined ? { filename: part.filename } : {}),
  ...(part.metadata !== undefined ? { metadata: part.metadata } : {}),
});

/** One protocol version's translation of every operation, used by both bindings. */
export interface VersionCodec {
  readonly version: '1.0' | '0.3';
  /** JSON-RPC method name → operation. */
  readonly jsonRpcMethods: Readonly<Record<string, OperationName>>;
  parse<K extends OperationName>(op: K, raw: unknown): ParsedRequest<K>;
  render<K extends UnaryOperation>(op: K, result: ResultOf<K>, rc: RenderContext): unknown;
  renderStreamEvent(event: StreamEvent, rc: RenderContext): unknown;
}
