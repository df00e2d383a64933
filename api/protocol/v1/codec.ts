// A2A v1.0 for both bindings: JSON-RPC method names (§9.4), request parsing, result rendering.
import type { OperationName, ParsedRequest, RenderContext, ResultOf, UnaryOperation, VersionCodec } from '../operations';
import { parseWire } from '../validation';
import { compact, presentString } from '../wire-common';
import { agentCardToV1 } from './card';
import { listStatusFilter, pushConfigFromV1, sendParamsFromV1 } from './parse';
import { withJsonNames } from './proto-names';
import { messageToV1, pushConfigToV1, streamEventToV1, taskToV1 } from './render';
import * as s from './schemas';

const tenantOf = (t: string | undefined) => presentString(t);

function parseSend(raw: unknown): ParsedRequest<'sendMessage'> {
  const req = parseWire(s.sendMessageRequestSchema, raw);
  return { params: sendParamsFromV1(req), tenant: tenantOf(req.tenant) };
}

const parsers: { [K in OperationName]: (raw: unknown) => ParsedRequest<K> } = {
  sendMessage: parseSend,
  sendStreamingMessage: parseSend,
  getTask: (raw) => {
    const req = parseWire(s.getTaskRequestSchema, raw);
    return { params: compact({ id: req.id, historyLength: req.historyLength }), tenant: tenantOf(req.tenant) };
  },
  listTasks: (raw) => {
    const req = parseWire(s.listTasksRequestSchema, raw);
    const state = listStatusFilter(req.status);
    return {
      params: compact({
        contextId: presentString(req.contextId),
        state,
        pageSize: req.pageSize,
        pageToken: presentString(req.pageToken),
        historyLength: req.historyLength,
        statusTimestampAfter: req.statusTimestampAfter,
        includeArtifacts: req.includeArtifacts,
      }),
      tenant: tenantOf(req.tenant),
    };
  },
  cancelTask: (raw) => {
    const req = parseWire(s.cancelTaskRequestSchema, raw);
    return { params: compact({ id: req.id, metadata: req.metadata }), tenant: tenantOf(req.tenant) };
  },
  subscribeToTask: (raw) => {
    const req = parseWire(s.subscribeToTaskRequestSchema, raw);
    return { params: { id: req.id }, tenant: tenantOf(req.tenant) };
  },
  createPushConfig: (raw) => {
    const { taskId, tenant, ...config } = parseWire(s.taskPushNotificationConfigSchema, raw);
    return { params: { taskId, config: pushConfigFromV1(config) }, tenant: tenantOf(tenant) };
  },
  getPushConfig: (raw) => {
    const req = parseWire(s.taskPushConfigRefSchema, raw);
    return { params: { taskId: req.taskId, id: req.id }, tenant: tenantOf(req.tenant) };
  },
  listPushConfigs: (raw) => {
    const req = parseWire(s.listTaskPushNotificationConfigsRequestSchema, raw);
    return {
      params: compact({ taskId: req.taskId, pageSize: req.pageSize || undefined, pageToken: presentString(req.pageToken) }),
      tenant: tenantOf(req.tenant),
    };
  },
  deletePushConfig: (raw) => {
    const req = parseWire(s.taskPushConfigRefSchema, raw);
    return { params: { taskId: req.taskId, id: req.id }, tenant: tenantOf(req.tenant) };
  },
  getExtendedAgentCard: (raw) => {
    const req = parseWire(s.getExtendedAgentCardRequestSchema, raw ?? {});
    return { params: {}, tenant: tenantOf(req.tenant) };
  },
};

const renderers: { [K in UnaryOperation]: (result: ResultOf<K>, rc: RenderContext) => unknown } = {
  sendMessage: (result, rc) =>
    result.kind === 'task' ? { task: taskToV1(result.task, rc) } : { message: messageToV1(result.message, rc) },
  getTask: (task, rc) => taskToV1(task, rc),
  cancelTask: (task, rc) => taskToV1(task, rc),
  listTasks: (result, rc) => ({
    tasks: result.tasks.map((t) => taskToV1(t, rc)),
    nextPageToken: result.nextPageToken,
    pageSize: result.pageSize,
    totalSize: result.totalSize,
  }),
  createPushConfig: (config) => pushConfigToV1(config),
  getPushConfig: (config) => pushConfigToV1(config),
  listPushConfigs: (result) => ({ configs: result.configs.map((c) => pushConfigToV1(c)), nextPageToken: result.nextPageToken }),
  // google.protobuf.Empty
  deletePushConfig: () => ({}),
  getExtendedAgentCard: (agent, rc) => agentCardToV1(agent, rc.agentBaseUrl),
};

export const v1Codec: VersionCodec = {
  version: '1.0',
  jsonRpcMethods: {
    SendMessage: 'sendMessage',
    SendStreamingMessage: 'sendStreamingMessage',
    GetTask: 'getTask',
    ListTasks: 'listTasks',
    CancelTask: 'cancelTask',
    SubscribeToTask: 'subscribeToTask',
    CreateTaskPushNotificationConfig: 'createPushConfig',
    GetTaskPushNotificationConfig: 'getPushConfig',
    ListTaskPushNotificationConfigs: 'listPushConfigs',
    DeleteTaskPushNotificationConfig: 'deletePushConfig',
    GetExtendedAgentCard: 'getExtendedAgentCard',
  },
  parse: (op, raw) => (parsers[op] as (raw: unknown) => ParsedRequest<typeof op>)(withJsonNames(raw)),
  render: (op, result, rc) => (renderers[op] as (r: typeof result, rc: RenderContext) => unknown)(result, rc),
  renderStreamEvent: (event, rc) => streamEventToV1(event, rc),
};
