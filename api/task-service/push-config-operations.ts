// Push notification config CRUD, for the task's owner or an operator only (an approver who sees the
// task gets PermissionDenied). Answers never carry a webhook's token or credentials: they are omitted,
// as the spec allows for these optional fields, for everyone, the owner included. Configs outlive the
// task's run (see the gateway): on a finished task they are still read, created and deleted.
import type { PushNotificationConfig } from '../../src/a2a-model/types';
import { A2AError } from '../a2a-error';
import type { CallContext } from '../request-handler';
import { makePushConfig } from './begin-send';
import { loadManagedSnapshot, requireAgent } from './task-access';
import type { TaskServiceDeps } from './task-service-deps';

type RequestedConfig = Omit<PushNotificationConfig, 'taskId' | 'id'> & { id?: string };

async function loadForPush(deps: TaskServiceDeps, ctx: CallContext, taskId: string) {
  if (!requireAgent(deps, ctx).pushNotifications) throw A2AError.pushNotSupported();
  return loadManagedSnapshot(deps, ctx, taskId, 'push-config');
}

async function configsOf(deps: TaskServiceDeps, taskId: string): Promise<PushNotificationConfig[]> {
  const configs = await deps.gateway.getPushConfigs(taskId);
  if (!configs) throw A2AError.taskNotFound(taskId);
  return configs;
}

/** A config as answered: where it posts and how it authenticates, without the secrets themselves. */
export function withoutSecrets(config: PushNotificationConfig): PushNotificationConfig {
  return {
    id: config.id,
    taskId: config.taskId,
    url: config.url,
    ...(config.authentication ? { authentication: { scheme: config.authentication.scheme } } : {}),
  };
}

const configNotFound = (taskId: string, id: string) =>
  new A2AError('TaskNotFoundError', `Push notification config ${id} not found for task ${taskId}`, { taskId, configId: id });

/** Accepted in every task state (the spec lists no error for a finished task), and kept, though a finished task sends nothing more. */
export async function createPushConfig(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: { taskId: string; config: RequestedConfig },
): Promise<PushNotificationConfig> {
  await loadForPush(deps, ctx, params.taskId);
  const config = await makePushConfig(deps, ctx, params.taskId, params.config);
  await deps.gateway.setPushConfig(params.taskId, config);
  return withoutSecrets(config);
}

export async function getPushConfig(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: { taskId: string; id: string },
): Promise<PushNotificationConfig> {
  await loadForPush(deps, ctx, params.taskId);
  const config = (await configsOf(deps, params.taskId)).find((c) => c.id === params.id);
  if (!config) throw configNotFound(params.taskId, params.id);
  return withoutSecrets(config);
}

export async function listPushConfigs(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: { taskId: string; pageSize?: number; pageToken?: string },
): Promise<{ configs: PushNotificationConfig[]; nextPageToken: string }> {
  await loadForPush(deps, ctx, params.taskId);
  const all = await configsOf(deps, params.taskId);
  const start = params.pageToken ? Number.parseInt(Buffer.from(params.pageToken, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > all.length) throw A2AError.invalidParams('pageToken is not a token this server issued');
  const size = params.pageSize && params.pageSize > 0 ? params.pageSize : all.length || 1;
  const end = Math.min(start + size, all.length);
  return {
    configs: all.slice(start, end).map(withoutSecrets),
    nextPageToken: end < all.length ? Buffer.from(String(end)).toString('base64url') : '',
  };
}

/** Idempotent (A2A §3.1.10): deleting a config that is already gone succeeds the same way. */
export async function deletePushConfig(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: { taskId: string; id: string },
): Promise<void> {
  await loadForPush(deps, ctx, params.taskId);
  if (!(await configsOf(deps, params.taskId)).some((c) => c.id === params.id)) return;
  await deps.gateway.deletePushConfig(params.taskId, params.id);
}
