// A2A v0.3 wire ⇄ internal model. v0.3 data parts hold objects only, so other JSON values travel as
// `{ value }` with `metadata.data_part_compat: true` — the convention @a2a-js/sdk's compat layer uses
// both ways, so values round-trip between v1.0 and v0.3 peers.
import type {
  Artifact,
  JsonObject,
  Message,
  Part,
  PushNotificationConfig,
  StreamEvent,
  Task,
  TaskStatus,
} from '../../../src/a2a-model/types';
import type { SendMessageParams } from '../../request-handler';
import { closesStream } from '../../../src/a2a-model/stream-close';
import { forTask, type NewPushConfig, type RenderContext } from '../operations';
import { compact, presentString } from '../wire-common';
import type {
  ArtifactV03,
  MessageV03,
  PartV03,
  PushNotificationConfigV03,
  StreamResultV03,
  TaskPushNotificationConfigV03,
  TaskStatusV03,
  TaskV03,
} from './schemas';

const DATA_PART_COMPAT_FLAG = 'data_part_compat';

const isPlainObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function partFromV03(part: PartV03): Part {
  switch (part.kind) {
    case 'text':
      return compact({ kind: 'text', text: part.text, metadata: part.metadata });
    case 'file': {
      const common = compact({ mediaType: presentString(part.file.mimeType), filename: presentString(part.file.name), metadata: part.metadata });
      return part.file.bytes !== undefined
        ? { ...common, kind: 'raw', raw: part.file.bytes }
        : { ...common, kind: 'url', url: part.file.uri ?? '' };
    }
    case 'data': {
      if (part.metadata?.[DATA_PART_COMPAT_FLAG] === true && 'value' in part.data) {
        const { [DATA_PART_COMPAT_FLAG]: _flag, ...rest } = part.metadata;
        return compact({ kind: 'data', data: part.data.value, metadata: Object.keys(rest).length ? rest : undefined });
      }
      return compact({ kind: 'data', data: part.data, metadata: part.metadata });
    }
  }
}

export function messageFromV03(message: MessageV03): Message {
  return compact({
    messageId: message.messageId,
    role: message.role,
    parts: message.parts.map(partFromV03),
    contextId: presentString(message.contextId),
    taskId: presentString(message.taskId),
    metadata: message.metadata,
    extensions: message.extensions?.length ? message.extensions : undefined,
    referenceTaskIds: message.referenceTaskIds?.length ? message.referenceTaskIds : undefined,
  });
}

/** v0.3 lists several schemes; the internal model (like v1.0) keeps one, the first. */
export function pushConfigFromV03(config: PushNotificationConfigV03): NewPushConfig {
  return compact({
    id: presentString(config.id),
    url: config.url,
    token: presentString(config.token),
    authentication: config.authentication && compact({ scheme: config.authentication.schemes[0], credentials: config.authentication.credentials }),
  });
}

export function sendParamsFromV03(params: {
  message: MessageV03;
  configuration?: { acceptedOutputModes?: string[]; blocking?: boolean; historyLength?: number; pushNotificationConfig?: PushNotificationConfigV03 };
  metadata?: JsonObject;
}): SendMessageParams {
  const c = params.configuration;
  return compact({
    message: messageFromV03(params.message),
    configuration: c
      ? compact({
          acceptedOutputModes: c.acceptedOutputModes?.length ? c.acceptedOutputModes : undefined,
          pushNotificationConfig: c.pushNotificationConfig && pushConfigFromV03(c.pushNotificationConfig),
          historyLength: c.historyLength,
          // Blocking unless the client says `blocking: false`, as in v1.0 (returnImmediately defaults to false).
          returnImmediately: c.blocking === false ? true : undefined,
        })
      : undefined,
    metadata: params.metadata,
  });
}

export function partToV03(part: Part, rc: RenderContext): PartV03 {
  const p = part.kind === 'stored' ? rc.renderStoredPart(part, rc) : part;
  switch (p.kind) {
    case 'text':
      return compact({ kind: 'text' as const, text: p.text, metadata: p.metadata });
    case 'raw':
    case 'url':
      return compact({
        kind: 'file' as const,
        file: compact({
          ...(p.kind === 'raw' ? { bytes: p.raw } : { uri: p.url }),
          mimeType: p.mediaType,
          name: p.filename,
        }),
        metadata: p.metadata,
      });
    case 'data':
      return isPlainObject(p.data)
        ? compact({ kind: 'data' as const, data: p.data, metadata: p.metadata })
        : { kind: 'data' as const, data: { value: p.data }, metadata: { ...p.metadata, [DATA_PART_COMPAT_FLAG]: true } };
  }
}

export function messageToV03(message: Message, rc: RenderContext): MessageV03 & { kind: 'message' } {
  rc = forTask(rc, message.taskId);
  return compact({
    kind: 'message' as const,
    messageId: message.messageId,
    role: message.role,
    parts: message.parts.map((p) => partToV03(p, rc)),
    contextId: message.contextId,
    taskId: message.taskId,
    metadata: message.metadata,
    extensions: message.extensions,
    referenceTaskIds: message.referenceTaskIds,
  });
}

export function statusToV03(status: TaskStatus, rc: RenderContext): TaskStatusV03 {
  return compact({ state: status.state, message: status.message && messageToV03(status.message, rc), timestamp: status.timestamp });
}

export function artifactToV03(artifact: Artifact, rc: RenderContext): ArtifactV03 {
  return compact({
    artifactId: artifact.artifactId,
    name: artifact.name,
    description: artifact.description,
    parts: artifact.parts.map((p) => partToV03(p, rc)),
    metadata: artifact.metadata,
    extensions: artifact.extensions,
  });
}

export function taskToV03(task: Task, rc: RenderContext): TaskV03 {
  rc = forTask(rc, task.id);
  return compact({
    kind: 'task' as const,
    id: task.id,
    contextId: task.contextId,
    status: statusToV03(task.status, rc),
    artifacts: task.artifacts?.map((a) => artifactToV03(a, rc)),
    history: task.history?.map((m) => messageToV03(m, rc)),
    metadata: task.metadata,
  });
}

export function streamEventToV03(event: StreamEvent, rc: RenderContext): StreamResultV03 {
  switch (event.kind) {
    case 'task':
      return taskToV03(event.task, rc);
    case 'message':
      return messageToV03(event.message, rc);
    case 'status-update':
      return compact({
        kind: 'status-update' as const,
        taskId: event.taskId,
        contextId: event.contextId,
        status: statusToV03(event.status, forTask(rc, event.taskId)),
        // v0.3 marks the last event of a stream: the status that closes this kind of stream.
        final: closesStream(event.status.state, rc.streamKind ?? 'send'),
        metadata: event.metadata,
      });
    case 'artifact-update':
      return compact({
        kind: 'artifact-update' as const,
        taskId: event.taskId,
        contextId: event.contextId,
        artifact: artifactToV03(event.artifact, forTask(rc, event.taskId)),
        append: event.append,
        lastChunk: event.lastChunk,
        metadata: event.metadata,
      });
  }
}

export function pushConfigToV03(config: PushNotificationConfig): TaskPushNotificationConfigV03 {
  return {
    taskId: config.taskId,
    pushNotificationConfig: compact({
      id: config.id,
      url: config.url,
      token: config.token,
      authentication: config.authentication && compact({ schemes: [config.authentication.scheme], credentials: config.authentication.credentials }),
    }),
  };
}
