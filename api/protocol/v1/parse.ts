// A2A v1.0 wire → internal model. Input has already passed the v1 schemas; this only renames.
import type { Message, Part, TaskState } from '../../../src/a2a-model/types';
import type { SendMessageParams } from '../../request-handler';
import type { NewPushConfig } from '../operations';
import { compact, presentString } from '../wire-common';
import { TASK_STATE_V1, type ListStatusV1, type MessageV1, type PartV1, type TaskPushNotificationConfigV1, type TaskStateV1 } from './schemas';

export const STATE_FROM_V1: Record<TaskStateV1, TaskState> = {
  TASK_STATE_SUBMITTED: 'submitted',
  TASK_STATE_WORKING: 'working',
  TASK_STATE_COMPLETED: 'completed',
  TASK_STATE_FAILED: 'failed',
  TASK_STATE_CANCELED: 'canceled',
  TASK_STATE_INPUT_REQUIRED: 'input-required',
  TASK_STATE_REJECTED: 'rejected',
  TASK_STATE_AUTH_REQUIRED: 'auth-required',
};

/**
 * ListTasks' status filter. TASK_STATE_UNSPECIFIED (0) is the proto default, and @a2a-js/sdk sends
 * "UNRECOGNIZED" for a status left unset: both mean no filter. Numbers are the proto enum values.
 */
export function listStatusFilter(status: ListStatusV1 | undefined): TaskState | undefined {
  if (status === undefined || status === 0 || status === 'TASK_STATE_UNSPECIFIED' || status === 'UNRECOGNIZED') return undefined;
  return STATE_FROM_V1[typeof status === 'number' ? TASK_STATE_V1[status - 1] : status];
}

export function partFromV1(part: PartV1): Part {
  const common = compact({
    mediaType: presentString(part.mediaType),
    filename: presentString(part.filename),
    metadata: part.metadata,
  });
  if (part.text !== undefined) return { ...common, kind: 'text', text: part.text };
  if (part.raw !== undefined) return { ...common, kind: 'raw', raw: part.raw };
  if (part.url !== undefined) return { ...common, kind: 'url', url: part.url };
  return { ...common, kind: 'data', data: part.data ?? null };
}

export function messageFromV1(message: MessageV1): Message {
  return compact({
    messageId: message.messageId,
    role: message.role === 'ROLE_USER' ? 'user' : 'agent',
    parts: message.parts.map(partFromV1),
    contextId: presentString(message.contextId),
    taskId: presentString(message.taskId),
    metadata: message.metadata,
    extensions: message.extensions?.length ? message.extensions : undefined,
    referenceTaskIds: message.referenceTaskIds?.length ? message.referenceTaskIds : undefined,
  });
}

export function pushConfigFromV1(config: Omit<TaskPushNotificationConfigV1, 'taskId'>): NewPushConfig {
  return compact({
    id: presentString(config.id),
    url: config.url,
    token: presentString(config.token),
    authentication: config.authentication && compact({ ...config.authentication, credentials: presentString(config.authentication.credentials) }),
  });
}

export function sendParamsFromV1(request: {
  message: MessageV1;
  configuration?: {
    acceptedOutputModes?: string[];
    taskPushNotificationConfig?: Omit<TaskPushNotificationConfigV1, 'taskId'>;
    pushNotificationConfig?: Omit<TaskPushNotificationConfigV1, 'taskId'>;
    historyLength?: number;
    returnImmediately?: boolean;
  };
  metadata?: SendMessageParams['metadata'];
}): SendMessageParams {
  const c = request.configuration;
  const push = c?.taskPushNotificationConfig ?? c?.pushNotificationConfig;
  return compact({
    message: messageFromV1(request.message),
    configuration: c
      ? compact({
          acceptedOutputModes: c.acceptedOutputModes?.length ? c.acceptedOutputModes : undefined,
          pushNotificationConfig: push ? pushConfigFromV1(push) : undefined,
          historyLength: c.historyLength,
          returnImmediately: c.returnImmediately,
        })
      : undefined,
    metadata: request.metadata,
  });
}
