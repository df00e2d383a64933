// The A2A request handler backed by Temporal: every task a workflow, every read a query or a closed
// run's result, every stream a subscriber of the task's shared feed.
import type { A2ARequestHandler } from '../request-handler';
import { createPushConfig, deletePushConfig, getPushConfig, listPushConfigs } from './push-config-operations';
import { sendMessage, sendStreamingMessage } from './send-operations';
import { cancelTask, getTask, listTasks, subscribeToTask } from './task-operations';
import type { TaskServiceDeps } from './task-service-deps';

export function createTemporalRequestHandler(deps: TaskServiceDeps): A2ARequestHandler {
  return {
    sendMessage: (ctx, params) => sendMessage(deps, ctx, params),
    sendStreamingMessage: (ctx, params) => sendStreamingMessage(deps, ctx, params),
    getTask: (ctx, params) => getTask(deps, ctx, params),
    listTasks: (ctx, params) => listTasks(deps, ctx, params),
    cancelTask: (ctx, params) => cancelTask(deps, ctx, params),
    subscribeToTask: (ctx, params) => subscribeToTask(deps, ctx, params),
    createPushConfig: (ctx, params) => createPushConfig(deps, ctx, params),
    getPushConfig: (ctx, params) => getPushConfig(deps, ctx, params),
    listPushConfigs: (ctx, params) => listPushConfigs(deps, ctx, params),
    deletePushConfig: (ctx, params) => deletePushConfig(deps, ctx, params),
  };
}
