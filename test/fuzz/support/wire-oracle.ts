// What a valid answer looks like, per binding and version, independent of what was asked: a JSON-RPC
// response (error code known, v1.0 error details with an ErrorInfo whose reason matches the code and
// HTTP status of the spec's table) or an HTTP+JSON google.rpc.Status body whose code is the HTTP
// status; results and stream frames parse with the wire schemas. A violation throws, naming it.
import { z } from 'zod';
import { A2A_ERROR_CODES, type A2AErrorCode } from '../../../api/a2a-error';
import * as v03 from '../../../api/protocol/v03/schemas';
import * as v1 from '../../../api/protocol/v1/schemas';
import type { RawResponse } from './raw-http';

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const DOMAINS = new Set(['a2a-protocol.org', 'a2a-temporal']);
const ROWS: A2AErrorCode[] = Object.values(A2A_ERROR_CODES);
const JSON_RPC_CODES = new Set(ROWS.map((r) => r.jsonRpc));
const JSON_TYPES = ['application/json', 'application/a2a+json'];

/** What the answer was, for the tallies. */
export interface Outcome {
  status: number;
  /** `jsonrpc:<code>` or `http:<status>/<reason>`, or `ok` / `stream` / `no-content`. */
  label: string;
}

export class Violation extends Error {
  override readonly name = 'Violation';
}

function fail(message: string, res: RawResponse): never {
  throw new Violation(`${message}\n  status ${res.status} ${String(res.headers['content-type'] ?? '')}\n  body ${res.text.slice(0, 600)}`);
}

const mediaType = (res: RawResponse) => String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

function parseJson(res: RawResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    return fail('body is not JSON', res);
  }
}

/** The rule both bindings follow: errors are in v0.3 shapes when no version (or 0.3) was asked for. */
export function errorFormat(rawVersion: string | undefined): '1.0' | '0.3' {
  const v = rawVersion?.trim();
  return v === undefined || v === '' || /^0+\.0*3(\.\d+)?$/.test(v) ? '0.3' : '1.0';
}

function checkErrorInfo(details: unknown, res: RawResponse): string {
  if (!Array.isArray(details) || details.length === 0) fail('error details must be a non-empty array', res);
  for (const d of details) if (typeof d !== 'object' || d === null || typeof d['@type'] !== 'string') fail('every detail needs an @type', res);
  const info = details[0] as Record<string, unknown>;
  if (info['@type'] !== ERROR_INFO) fail('the first detail must be a google.rpc.ErrorInfo', res);
  if (typeof info.reason !== 'string' || !DOMAINS.has(String(info.domain))) fail('ErrorInfo needs a reason and a known domain', res);
  if (info.metadata !== undefined) {
    if (typeof info.metadata !== 'object' || info.metadata === null) fail('ErrorInfo.metadata must be a map', res);
    for (const v of Object.values(info.metadata)) if (typeof v !== 'string') fail('ErrorInfo.metadata values must be strings', res);
  }
  return info.reason as string;
}

export function checkJsonRpcError(error: unknown, format: '1.0' | '0.3', res: RawResponse, inStream = false): string {
  if (typeof error !== 'object' || error === null) return fail('error must be an object', res);
  const { code, message, data } = error as Record<string, unknown>;
  if (typeof code !== 'number' || !JSON_RPC_CODES.has(code)) fail(`unknown JSON-RPC error code ${String(code)}`, res);
  if (typeof message !== 'string' || message === '') fail('error.message must be a non-empty string', res);
  if (code === A2A_ERROR_CODES.InternalError.jsonRpc) fail('internal error', res);
  const rows = ROWS.filter((r) => r.jsonRpc === code);
  if (format === '1.0') {
    const reason = checkErrorInfo(data, res);
    // One reason may have two rows (ContentTypeNotSupported in a message part: 200; as the body's
    // Content-Type: 415), so the HTTP status must fit one of them.
    const matching = rows.filter((r) => r.reason === reason);
    if (!matching.length) fail(`reason ${reason} does not go with code ${String(code)}`, res);
    if (!inStream && !matching.some((r) => r.jsonRpcHttp === res.status)) {
      fail(`${reason} must come with HTTP ${matching.map((r) => r.jsonRpcHttp).join(' or ')}`, res);
    }
  } else if (!inStream && !rows.some((r) => r.jsonRpcHttp === res.status)) {
    fail(`code ${String(code)} must not come with HTTP ${res.status}`, res);
  }
  return `jsonrpc:${String(code)}`;
}

export function checkHttpError(body: unknown, res: RawResponse, status = res.status): string {
  if (typeof body !== 'object' || body === null || typeof (body as { error?: unknown }).error !== 'object') fail('not a google.rpc.Status body', res);
  const error = (body as { error: Record<string, unknown> }).error;
  if (error.code !== status) fail(`error.code ${String(error.code)} is not the HTTP status ${status}`, res);
  if (typeof error.message !== 'string' || error.message === '') fail('error.message must be a non-empty string', res);
  const reason = checkErrorInfo(error.details, res);
  const row = ROWS.find((r) => r.reason === reason && r.http === status && r.status === error.status);
  if (!row) fail(`reason ${reason}, status ${String(error.status)} and HTTP ${status} do not go together`, res);
  if (row.reason === 'INTERNAL') fail('internal error', res);
  return `http:${status}/${reason}`;
}

/** Result schemas per JSON-RPC method, for methods whose shape is known in that version. */
const RPC_RESULTS: Record<string, z.ZodType> = {
  SendMessage: v1.sendMessageResponseSchema,
  GetTask: v1.taskSchema,
  CancelTask: v1.taskSchema,
  ListTasks: v1.listTasksResponseSchema,
  CreateTaskPushNotificationConfig: v1.taskPushNotificationConfigSchema,
  GetTaskPushNotificationConfig: v1.taskPushNotificationConfigSchema,
  ListTaskPushNotificationConfigs: v1.listTaskPushNotificationConfigsResponseSchema,
  DeleteTaskPushNotificationConfig: z.object({}).strict(),
  GetExtendedAgentCard: z.object({ name: z.string() }),
  'message/send': v03.streamResultSchema,
  'tasks/get': v03.taskSchema,
  'tasks/cancel': v03.taskSchema,
  'tasks/pushNotificationConfig/set': v03.taskPushNotificationConfigSchema,
  'tasks/pushNotificationConfig/get': v03.taskPushNotificationConfigSchema,
  'tasks/pushNotificationConfig/list': z.array(v03.taskPushNotificationConfigSchema),
  'tasks/pushNotificationConfig/delete': z.null(),
  'agent/getAuthenticatedExtendedCard': z.object({ name: z.string() }),
};
const V1_METHODS = new Set(['SendMessage', 'SendStreamingMessage', 'GetTask', 'ListTasks', 'CancelTask', 'SubscribeToTask', 'CreateTaskPushNotificationConfig', 'GetTaskPushNotificationConfig', 'ListTaskPushNotificationConfigs', 'DeleteTaskPushNotificationConfig', 'GetExtendedAgentCard']);

function checkSchema(schema: z.ZodType, value: unknown, what: string, res: RawResponse): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(`${what} does not match its wire schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, res);
}

export interface JsonRpcSent {
  /** The id member as sent; undefined when the body had none (or was not an object). */
  id: unknown;
  /** The request was an object with a valid envelope (so the server knows its id). */
  envelopeValid: boolean;
  method: unknown;
  /** The version the server sees (header, else query parameter). */
  rawVersion: string | undefined;
}

/** What the server will know of a JSON-RPC request from its bytes (a byte edit may leave them valid). */
export function jsonRpcSent(body: Buffer | undefined, headerVersion: string | undefined, path: string): JsonRpcSent {
  let decoded: unknown;
  try {
    decoded = body === undefined ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const obj = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : undefined;
  const envelopeValid =
    obj !== undefined &&
    obj.jsonrpc === '2.0' &&
    typeof obj.method === 'string' &&
    obj.method !== '' &&
    (!('id' in obj) || obj.id === null || typeof obj.id === 'string' || typeof obj.id === 'number') &&
    (!('params' in obj) || (typeof obj.params === 'object' && obj.params !== null));
  // The server reads the header, else the query parameter.
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const rawVersion = (headerVersion?.trim() || undefined) ?? query.get('A2A-Version') ?? query.get('a2a-version') ?? undefined;
  return { id: obj && 'id' in obj ? obj.id : undefined, envelopeValid, method: obj?.method, rawVersion: rawVersion?.trim() };
}

/** POST to an agent's base URL (or the root, the default agent's) is JSON-RPC; everything else is not. */
export function isJsonRpcEndpoint(method: string, path: string, agentIds: readonly string[]): boolean {
  const pathname = path.split('?')[0];
  return method === 'POST' && (pathname === '/' || agentIds.some((id) => pathname === `/agents/${id}` || pathname === `/agents/${id}/`));
}

// Refusals that happen before the body is read (or while reading it): the id cannot be known yet.
const BEFORE_ENVELOPE = new Set([401, 403, 413, 415, 429]);

/**
 * Node's own refusal of what is not an HTTP request it will parse (a request line or headers past
 * its 16 KiB limit: 431; broken framing: 400), answered before any A2A code runs: no body, no type.
 */
function nodeRefusal(res: RawResponse): Outcome | undefined {
  if ((res.status === 431 || res.status === 400) && res.text === '' && !res.headers['content-type']) return { status: res.status, label: `node:${res.status}` };
  return undefined;
}

/** What every refusal of credentials carries, whatever the binding. */
function checkChallenge(res: RawResponse): void {
  if (res.status === 401 && !res.headers['www-authenticate']) fail('a 401 without WWW-Authenticate', res);
}

export function checkJsonRpc(sent: JsonRpcSent, res: RawResponse): Outcome {
  if (res.status === 0) fail('no HTTP response', res);
  const refused = nodeRefusal(res);
  if (refused) return refused;
  checkChallenge(res);
  const notification = sent.envelopeValid && sent.id === undefined;
  if (res.status === 204) {
    if (!notification) fail('204 is only for notifications', res);
    if (res.text !== '') fail('a 204 has no body', res);
    return { status: 204, label: 'no-content' };
  }
  if (notification && !BEFORE_ENVELOPE.has(res.status)) fail('a notification was answered', res);
  const format = errorFormat(sent.rawVersion);
  const validId = typeof sent.id === 'string' || typeof sent.id === 'number' || sent.id === null;
  const expectId = (id: unknown, stream: boolean) => {
    if (id !== null && id !== sent.id) fail(`response id ${JSON.stringify(id)} is not the request id ${JSON.stringify(sent.id)}`, res);
    if (sent.envelopeValid && validId && (stream || !BEFORE_ENVELOPE.has(res.status)) && id !== sent.id) fail('the response must carry the request id', res);
  };

  if (mediaType(res) === 'text/event-stream') {
    if (res.status !== 200) fail('an event stream must be a 200', res);
    if (res.hung) fail('the stream did not end', res);
    if (!res.frames?.length) fail('an event stream with no frames', res);
    let lastSeq = -1;
    for (const frame of res.frames) {
      if (frame.retry !== undefined && frame.data === undefined) continue;
      const body = JSON.parse(frame.data ?? 'null') as Record<string, unknown> | null;
      if (!body || body.jsonrpc !== '2.0') fail('every frame is a JSON-RPC response', res);
      expectId(body.id, true);
      if (frame.event === 'error' || 'error' in body) {
        checkJsonRpcError(body.error, format, res, true);
        continue;
      }
      if (frame.event !== undefined) fail(`unexpected event type ${frame.event}`, res);
      const seq = Number(frame.id);
      if (!Number.isSafeInteger(seq) || seq <= lastSeq) fail(`frame ids must increase (got ${String(frame.id)} after ${lastSeq})`, res);
      lastSeq = seq;
      checkSchema(V1_METHODS.has(String(sent.method)) ? v1.streamResponseSchema : v03.streamResultSchema, body.result, 'stream frame', res);
    }
    return { status: 200, label: res.open ? 'stream-open-while-waiting' : 'stream' };
  }

  if (mediaType(res) !== 'application/json') fail('a JSON-RPC answer must be application/json', res);
  const body = parseJson(res) as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || body.jsonrpc !== '2.0' || !('id' in body)) fail('not a JSON-RPC 2.0 response', res);
  expectId(body.id, false);
  if ('error' in body === 'result' in body) fail('exactly one of result and error', res);
  if ('error' in body) return { status: res.status, label: checkJsonRpcError(body.error, format, res) };
  if (res.status !== 200) fail('a result must be a 200', res);
  const schema = typeof sent.method === 'string' && Object.hasOwn(RPC_RESULTS, sent.method) ? RPC_RESULTS[sent.method] : undefined;
  if (schema) checkSchema(schema, body.result, `${String(sent.method)} result`, res);
  return { status: 200, label: 'ok' };
}

/** HTTP+JSON results per operation, keyed `VERB route-kind`. */
export type HttpOp =
  | 'sendMessage'
  | 'sendStreamingMessage'
  | 'getTask'
  | 'listTasks'
  | 'cancelTask'
  | 'subscribeToTask'
  | 'createPushConfig'
  | 'getPushConfig'
  | 'listPushConfigs'
  | 'deletePushConfig'
  | 'getExtendedAgentCard';

const HTTP_RESULTS: Record<HttpOp, z.ZodType | undefined> = {
  sendMessage: v1.sendMessageResponseSchema,
  sendStreamingMessage: undefined,
  getTask: v1.taskSchema,
  listTasks: v1.listTasksResponseSchema,
  cancelTask: v1.taskSchema,
  subscribeToTask: undefined,
  createPushConfig: v1.taskPushNotificationConfigSchema,
  getPushConfig: v1.taskPushNotificationConfigSchema,
  listPushConfigs: v1.listTaskPushNotificationConfigsResponseSchema,
  deletePushConfig: undefined,
  getExtendedAgentCard: z.object({ name: z.string() }),
};

export function checkHttp(op: HttpOp | undefined, method: string, res: RawResponse): Outcome {
  if (res.status === 0) fail('no HTTP response', res);
  const refused = nodeRefusal(res);
  if (refused) return refused;
  checkChallenge(res);
  if (res.status >= 400) {
    if (method === 'HEAD') return { status: res.status, label: `http:${res.status}/HEAD` };
    if (!JSON_TYPES.includes(mediaType(res))) fail('an error body must be JSON', res);
    const label = checkHttpError(parseJson(res), res);
    if (res.status === 405 && !res.headers.allow) fail('405 without an Allow header', res);
    return { status: res.status, label };
  }
  if (res.status === 204) {
    if (res.text !== '') fail('a 204 has no body', res);
    return { status: 204, label: 'no-content' };
  }
  if (res.status !== 200 && res.status !== 201) fail(`unexpected status ${res.status}`, res);
  if (method === 'HEAD') return { status: res.status, label: 'ok' };
  if (mediaType(res) === 'text/event-stream') {
    if (res.hung) fail('the stream did not end', res);
    if (!res.frames?.length) fail('an event stream with no frames', res);
    let lastSeq = -1;
    for (const frame of res.frames) {
      if (frame.event === 'error') {
        checkHttpError(JSON.parse(frame.data ?? 'null'), res, Number((JSON.parse(frame.data ?? 'null') as { error?: { code?: number } })?.error?.code));
        continue;
      }
      if (frame.event !== undefined) fail(`unexpected event type ${frame.event}`, res);
      const seq = Number(frame.id);
      if (!Number.isSafeInteger(seq) || seq <= lastSeq) fail(`frame ids must increase (got ${String(frame.id)} after ${lastSeq})`, res);
      lastSeq = seq;
      checkSchema(v1.streamResponseSchema, JSON.parse(frame.data ?? 'null'), 'stream frame', res);
    }
    return { status: 200, label: res.open ? 'stream-open-while-waiting' : 'stream' };
  }
  if (!JSON_TYPES.includes(mediaType(res))) fail('a result must be JSON', res);
  const body = parseJson(res);
  const schema = op ? HTTP_RESULTS[op] : undefined;
  if (schema) checkSchema(schema, body, `${op} result`, res);
  return { status: res.status, label: 'ok' };
}
