// Valid requests of every operation, both versions and both bindings, aimed at the fuzz stack's
// tasks: the starting points that mutations bend out of shape.
import type { Json } from './mutations';
import type { HttpOp } from './wire-oracle';

export interface RpcSeed {
  version: '1.0' | '0.3';
  method: string;
  params: Json;
  streaming?: boolean;
}

export interface HttpSeed {
  op: HttpOp;
  verb: string;
  /** Path segments below the agent's base URL, unencoded. */
  segments: string[];
  query: Array<[string, string]>;
  body?: Json;
}

export interface Targets {
  completed: string;
  /** Waits for input for the whole run (push configs hang off it). */
  parked: string;
  /** Waits for input until the first fuzzed answer reaches it. */
  answerable: string;
  hookUrl: string;
}

const v1Message = (messageId: string, extra: Record<string, Json> = {}): Json => ({ messageId, role: 'ROLE_USER', parts: [{ text: 'fuzz' }], ...extra });
const v03Message = (messageId: string, extra: Record<string, Json> = {}): Json => ({ kind: 'message', messageId, role: 'user', parts: [{ kind: 'text', text: 'fuzz' }], ...extra });

export function rpcSeeds(t: Targets): RpcSeed[] {
  return [
    { version: '1.0', method: 'SendMessage', params: { message: v1Message('fuzz-v1-send'), configuration: { returnImmediately: true, historyLength: 1, acceptedOutputModes: ['text/plain'] }, metadata: { k: 'v' } } },
    { version: '1.0', method: 'SendMessage', params: { message: v1Message('fuzz-v1-answer', { taskId: t.answerable }) } },
    { version: '1.0', method: 'SendMessage', params: { message: v1Message('fuzz-v1-push'), configuration: { returnImmediately: true, taskPushNotificationConfig: { url: t.hookUrl, token: 'tok', authentication: { scheme: 'Bearer', credentials: 'c' } } } } },
    { version: '1.0', method: 'SendStreamingMessage', params: { message: v1Message('fuzz-v1-stream') }, streaming: true },
    { version: '1.0', method: 'GetTask', params: { id: t.completed, historyLength: 2 } },
    { version: '1.0', method: 'ListTasks', params: { pageSize: 5, status: 'TASK_STATE_COMPLETED', includeArtifacts: true, statusTimestampAfter: '2020-01-01T00:00:00Z' } },
    { version: '1.0', method: 'CancelTask', params: { id: t.completed, metadata: { why: 'fuzz' } } },
    { version: '1.0', method: 'SubscribeToTask', params: { id: t.completed }, streaming: true },
    { version: '1.0', method: 'CreateTaskPushNotificationConfig', params: { taskId: t.parked, id: 'cfg-fuzz', url: t.hookUrl, token: 'tok' } },
    { version: '1.0', method: 'GetTaskPushNotificationConfig', params: { taskId: t.parked, id: 'cfg-seed' } },
    { version: '1.0', method: 'ListTaskPushNotificationConfigs', params: { taskId: t.parked, pageSize: 10 } },
    { version: '1.0', method: 'DeleteTaskPushNotificationConfig', params: { taskId: t.parked, id: 'cfg-gone' } },
    { version: '1.0', method: 'GetExtendedAgentCard', params: {} },
    { version: '0.3', method: 'message/send', params: { message: v03Message('fuzz-v03-send'), configuration: { blocking: false, historyLength: 1 } } },
    { version: '0.3', method: 'message/send', params: { message: v03Message('fuzz-v03-answer', { taskId: t.answerable }) } },
    { version: '0.3', method: 'message/send', params: { message: { ...(v03Message('fuzz-v03-file') as object), parts: [{ kind: 'file', file: { bytes: 'aGVsbG8=', mimeType: 'text/plain', name: 'a.txt' } }, { kind: 'data', data: { a: 1 } }] }, configuration: { blocking: false } } },
    { version: '0.3', method: 'message/stream', params: { message: v03Message('fuzz-v03-stream') }, streaming: true },
    { version: '0.3', method: 'tasks/get', params: { id: t.completed, historyLength: 2 } },
    { version: '0.3', method: 'tasks/cancel', params: { id: t.completed } },
    { version: '0.3', method: 'tasks/resubscribe', params: { id: t.completed }, streaming: true },
    { version: '0.3', method: 'tasks/pushNotificationConfig/set', params: { taskId: t.parked, pushNotificationConfig: { id: 'cfg-fuzz03', url: t.hookUrl, authentication: { schemes: ['Bearer'], credentials: 'c' } } } },
    { version: '0.3', method: 'tasks/pushNotificationConfig/get', params: { id: t.parked, pushNotificationConfigId: 'cfg-seed' } },
    { version: '0.3', method: 'tasks/pushNotificationConfig/list', params: { id: t.parked } },
    { version: '0.3', method: 'tasks/pushNotificationConfig/delete', params: { id: t.parked, pushNotificationConfigId: 'cfg-gone' } },
    { version: '0.3', method: 'agent/getAuthenticatedExtendedCard', params: {} },
  ];
}

export function httpSeeds(t: Targets): HttpSeed[] {
  return [
    { op: 'sendMessage', verb: 'POST', segments: ['message:send'], query: [], body: { message: v1Message('fuzz-rest-send'), configuration: { returnImmediately: true } } },
    { op: 'sendMessage', verb: 'POST', segments: ['message:send'], query: [], body: { message: v1Message('fuzz-rest-answer', { taskId: t.answerable }) } },
    { op: 'sendStreamingMessage', verb: 'POST', segments: ['message:stream'], query: [], body: { message: v1Message('fuzz-rest-stream') } },
    { op: 'getTask', verb: 'GET', segments: ['tasks', t.completed], query: [['historyLength', '2']] },
    { op: 'listTasks', verb: 'GET', segments: ['tasks'], query: [['pageSize', '5'], ['status', 'TASK_STATE_COMPLETED'], ['includeArtifacts', 'true']] },
    { op: 'cancelTask', verb: 'POST', segments: ['tasks', `${t.completed}:cancel`], query: [], body: {} },
    { op: 'subscribeToTask', verb: 'GET', segments: ['tasks', `${t.completed}:subscribe`], query: [] },
    { op: 'subscribeToTask', verb: 'POST', segments: ['tasks', `${t.parked}:subscribe`], query: [] },
    { op: 'createPushConfig', verb: 'POST', segments: ['tasks', t.parked, 'pushNotificationConfigs'], query: [], body: { id: 'cfg-rest', url: t.hookUrl, token: 'tok' } },
    { op: 'getPushConfig', verb: 'GET', segments: ['tasks', t.parked, 'pushNotificationConfigs', 'cfg-seed'], query: [] },
    { op: 'listPushConfigs', verb: 'GET', segments: ['tasks', t.parked, 'pushNotificationConfigs'], query: [['pageSize', '10']] },
    { op: 'deletePushConfig', verb: 'DELETE', segments: ['tasks', t.parked, 'pushNotificationConfigs', 'cfg-gone'], query: [] },
    { op: 'getExtendedAgentCard', verb: 'GET', segments: ['extendedAgentCard'], query: [] },
  ];
}
