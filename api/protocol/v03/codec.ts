// A2A v0.3 over JSON-RPC: `category/action` method names, v0.3 params and results. v0.3 has no
// ListTasks over JSON-RPC, so `tasks/list` is not a method here (MethodNotFound).
import { A2AError } from '../../a2a-error';
import type { OperationName, ParsedRequest, RenderContext, ResultOf, UnaryOperation, VersionCodec } from '../operations';
import { parseWire } from '../validation';
import { compact, presentString } from '../wire-common';
import { agentCardToV03 } from './card';
import * as s from './schemas';
import { messageToV03, pushConfigFromV03, pushConfigToV03, sendParamsFromV03, streamEventToV03, taskToV03 } from './translate';

function parseSend(raw: unknown): ParsedRequest<'sendMessage'> {
  return { params: sendParamsFromV03(parseWire(s.messageSendParamsSchema, raw)) };
}

const parsers: { [K in OperationName]: (raw: unknown) => ParsedRequest<K> } = {
  sendMessage: parseSend,
  sendStreamingMessage: parseSend,
  getTask: (raw) => {
    const req = parseWire(s.taskQueryParamsSchema, raw);
    return { params: compact({ id: req.id, historyLength: req.historyLength }) };
  },
  listTasks: () => {
    throw A2AError.methodNotFound('tasks/list', 'v0.3 has no ListTasks over JSON-RPC; use A2A-Version 1.0');
  },
  cancelTask: (raw) => {
    const req = parseWire(s.taskIdParamsSchema, raw);
    return { params: compact({ id: req.id, metadata: req.metadata }) };
  },
  subscribeToTask: (raw) => ({ params: { id: parseWire(s.taskIdParamsSchema, raw).id } }),
  createPushConfig: (raw) => {
    const req = parseWire(s.taskPushNotificationConfigSchema, raw);
    return { params: { taskId: req.taskId, config: pushConfigFromV03(req.pushNotificationConfig) } };
  },
  getPushConfig: (raw) => {
    const req = parseWire(s.getTaskPushNotificationConfigParamsSchema, raw);
    return { params: compact({ taskId: req.id, id: presentString(req.pushNotificationConfigId) }) };
  },
  listPushConfigs: (raw) => ({ params: { taskId: parseWire(s.taskIdParamsSchema, raw).id } }),
  deletePushConfig: (raw) => {
    const req = parseWire(s.deleteTaskPushNotificationConfigParamsSchema, raw);
    return { params: { taskId: req.id, id: req.pushNotificationConfigId } };
  },
  getExtendedAgentCard: () => ({ params: {} }),
};

const renderers: { [K in UnaryOperation]: (result: ResultOf<K>, rc: RenderContext) => unknown } = {
  sendMessage: (result, rc) => (result.kind === 'task' ? taskToV03(result.task, rc) : messageToV03(result.message, rc)),
  getTask: (task, rc) => taskToV03(task, rc),
  cancelTask: (task, rc) => taskToV03(task, rc),
  listTasks: () => {
    throw A2AError.methodNotFound('tasks/list');
  },
  createPushConfig: (config) => pushConfigToV03(config),
  getPushConfig: (config) => pushConfigToV03(config),
  // v0.3 returns the bare array and has no paging.
  listPushConfigs: (result) => result.configs.map(pushConfigToV03),
  deletePushConfig: () => null,
  getExtendedAgentCard: (agent, rc) => agentCardToV03(agent, rc.agentBaseUrl),
};

export const v03Codec: VersionCodec = {
  version: '0.3',
  jsonRpcMethods: {
    'message/send': 'sendMessage',
    'message/stream': 'sendStreamingMessage',
    'tasks/get': 'getTask',
    'tasks/cancel': 'cancelTask',
    'tasks/resubscribe': 'subscribeToTask',
    'tasks/pushNotificationConfig/set': 'createPushConfig',
    'tasks/pushNotificationConfig/get': 'getPushConfig',
    'tasks/pushNotificationConfig/list': 'listPushConfigs',
    'tasks/pushNotificationConfig/delete': 'deletePushConfig',
    'agent/getAuthenticatedExtendedCard': 'getExtendedAgentCard',
  },
  parse: (op, raw) => (parsers[op] as (raw: unknown) => ParsedRequest<typeof op>)(raw),
  render: (op, result, rc) => (renderers[op] as (r: typeof result, rc: RenderContext) => unknown)(result, rc),
  renderStreamEvent: (event, rc) => streamEventToV03(event, rc),
};
