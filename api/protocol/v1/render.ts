// Internal model → A2A v1.0 wire: flat parts, ROLE_* and TASK_STATE_* names, wrapped results.
import type {
  Artifact,
  Message,
  Part,
  PushNotificationConfig,
  StreamEvent,
  Task,
  TaskState,
  TaskStatus,
} from '../../../src/a2a-model/types';
import { forTask, type RenderContext } from '../operations';
import { compact } from '../wire-common';
import type {
  ArtifactV1,
  MessageV1,
  PartV1,
  StreamResponseV1,
  TaskPushNotificationConfigV1,
  TaskStateV1,
  TaskStatusV1,
  TaskV1,
} from './schemas';

export const STATE_TO_V1: Record<TaskState, TaskStateV1> = {
  submitted: 'TASK_STATE_SUBMITTED',
  working: 'TASK_STATE_WORKING',
  completed: 'TASK_STATE_COMPLETED',
  failed: 'TASK_STATE_FAILED',
  canceled: 'TASK_STATE_CANCELED',
  'input-required': 'TASK_STATE_INPUT_REQUIRED',
  rejected: 'TASK_STATE_REJECTED',
  'auth-required': 'TASK_STATE_AUTH_REQUIRED',
};

export function partToV1(part: Part, rc: RenderContext): PartV1 {
  const p = part.kind === 'stored' ? rc.renderStoredPart(part, rc) : part;
  const common = { metadata: p.metadata, filename: p.filename, mediaType: p.mediaType };
  switch (p.kind) {
    case 'text':
      return compact({ text: p.text, ...common });
    case 'raw':
      return compact({ raw: p.raw, ...common });
    case 'url':
      return compact({ url: p.url, ...common });
    case 'data':
      return compact({ data: p.data, ...common });
  }
}

export function messageToV1(message: Message, rc: RenderContext): MessageV1 {
  rc = forTask(rc, message.taskId);
  return compact({
    messageId: message.messageId,
    contextId: message.contextId,
    taskId: message.taskId,
    role: message.role === 'user' ? ('ROLE_USER' as const) : ('ROLE_AGENT' as const),
    parts: message.parts.map((p) => partToV1(p, rc)),
    metadata: message.metadata,
    extensions: message.extensions,
    referenceTaskIds: message.referenceTaskIds,
  });
}

export function statusToV1(status: TaskStatus, rc: RenderContext): TaskStatusV1 {
  return compact({
    state: STATE_TO_V1[status.state],
    message: status.message && messageToV1(status.message, rc),
    timestamp: status.timestamp,
  });
}

export function artifactToV1(artifact: Artifact, rc: RenderContext): ArtifactV1 {
  return compact({
    artifactId: artifact.artifactId,
    name: artifact.name,
    description: artifact.description,
    parts: artifact.parts.map((p) => partToV1(p, rc)),
    metadata: artifact.metadata,
    extensions: artifact.extensions,
  });
}

export function taskToV1(task: Task, rc: RenderContext): TaskV1 {
  rc = forTask(rc, task.id);
  return compact({
    id: task.id,
    contextId: task.contextId,
    status: statusToV1(task.status, rc),
    artifacts: task.artifacts?.map((a) => artifactToV1(a, rc)),
    history: task.history?.map((m) => messageToV1(m, rc)),
    metadata: task.metadata,
  });
}

export function streamEventToV1(event: StreamEvent, rc: RenderContext): StreamResponseV1 {
  switch (event.kind) {
    case 'task':
      return { task: taskToV1(event.task, rc) };
    case 'message':
      return { message: messageToV1(event.message, rc) };
    case 'status-update':
      return {
        statusUpdate: compact({
          taskId: event.taskId,
          contextId: event.contextId,
          status: statusToV1(event.status, forTask(rc, event.taskId)),
          metadata: event.metadata,
        }),
      };
    case 'artifact-update':
      return {
        artifactUpdate: compact({
          taskId: event.taskId,
          contextId: event.contextId,
          artifact: artifactToV1(event.artifact, forTask(rc, event.taskId)),
          append: event.append,
          lastChunk: event.lastChunk,
          metadata: event.metadata,
        }),
      };
  }
}

export function pushConfigToV1(config: PushNotificationConfig, tenant?: string): TaskPushNotificationConfigV1 {
  return compact({
    tenant,
    id: config.id,
    taskId: config.taskId,
    url: config.url,
    token: config.token,
    authentication: config.authentication && compact({ ...config.authentication }),
  });
}
