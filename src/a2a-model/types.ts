// The one internal A2A model. Wire versions (v1.0 JSON, v0.3 JSON) are translations of it at the API
// edge. Plain types with no runtime dependencies, so workflow code can import them and stay bundleable.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const TASK_STATES = [
  'submitted',
  'working',
  'input-required',
  'auth-required',
  'completed',
  'failed',
  'canceled',
  'rejected',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TERMINAL_STATES: readonly TaskState[] = ['completed', 'failed', 'canceled', 'rejected'];
/** A task in an interrupted state waits for its client; blocking sends and streams stop there. */
export const INTERRUPTED_STATES: readonly TaskState[] = ['input-required', 'auth-required'];

export const isTerminalState = (state: TaskState): boolean => TERMINAL_STATES.includes(state);
export const isInterruptedState = (state: TaskState): boolean => INTERRUPTED_STATES.includes(state);

interface PartCommon {
  mediaType?: string;
  filename?: string;
  metadata?: JsonObject;
}

/**
 * `stored` is internal only: bytes kept in the artifact store (not in workflow history). The API
 * renders it as a `url` part with a signed, expiring download URL.
 */
export type Part =
  | (PartCommon & { kind: 'text'; text: string })
  | (PartCommon & { kind: 'raw'; raw: string /* base64 */ })
  | (PartCommon & { kind: 'url'; url: string })
  | (PartCommon & { kind: 'data'; data: JsonValue })
  | (PartCommon & { kind: 'stored'; blobId: string; size: number; sha256: string });

export type Role = 'user' | 'agent';

export interface Message {
  messageId: string;
  role: Role;
  parts: Part[];
  contextId?: string;
  taskId?: string;
  metadata?: JsonObject;
  extensions?: string[];
  referenceTaskIds?: string[];
}

export interface Artifact {
  artifactId: string;
  name?: string;
  description?: string;
  parts: Part[];
  metadata?: JsonObject;
  extensions?: string[];
}

export interface TaskStatus {
  state: TaskState;
  message?: Message;
  /** ISO 8601 */
  timestamp: string;
}

export interface Task {
  id: string;
  contextId: string;
  status: TaskStatus;
  artifacts?: Artifact[];
  history?: Message[];
  metadata?: JsonObject;
}

export interface TaskStatusUpdateEvent {
  kind: 'status-update';
  taskId: string;
  contextId: string;
  status: TaskStatus;
  metadata?: JsonObject;
}

export interface TaskArtifactUpdateEvent {
  kind: 'artifact-update';
  taskId: string;
  contextId: string;
  artifact: Artifact;
  append?: boolean;
  lastChunk?: boolean;
  metadata?: JsonObject;
}

/** One item of a stream, in the order the client must see them. */
export type StreamEvent =
  | { kind: 'task'; task: Task }
  | { kind: 'message'; message: Message }
  | TaskStatusUpdateEvent
  | TaskArtifactUpdateEvent;

export interface PushAuthentication {
  scheme: string;
  credentials?: string;
}

export interface PushNotificationConfig {
  id: string;
  taskId: string;
  url: string;
  token?: string;
  authentication?: PushAuthentication;
}
