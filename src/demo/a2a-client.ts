// The demo's A2A client: v1.0 HTTP+JSON over fetch, streams read as SSE. Small on purpose, so the demo
// shows the wire: every frame's `id:` is the task's event sequence, which resumes a stream exactly.
// Responses are parsed with the API's own v1.0 schemas.
import {
  sendMessageResponseSchema,
  streamResponseSchema,
  taskSchema,
  type MessageV1,
  type SendMessageResponseV1,
  type StreamResponseV1,
  type TaskV1,
} from '../../api/protocol/v1/schemas';

export interface StreamItem {
  /** The SSE `id:`, the task's sequence number after this event. */
  seq?: number;
  response: StreamResponseV1;
}

export class A2AClientError extends Error {
  override readonly name = 'A2AClientError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface DemoClient {
  sendStreaming(message: MessageV1, token?: string): AsyncGenerator<StreamItem>;
  /** The events after `lastSeq`, also when the task finished meanwhile. */
  resume(taskId: string, lastSeq: number, token?: string): AsyncGenerator<StreamItem>;
  send(message: MessageV1, token?: string, options?: { returnImmediately?: boolean }): Promise<SendMessageResponseV1>;
  getTask(taskId: string, token?: string): Promise<TaskV1>;
  download(url: string, token?: string): Promise<{ bytes: Uint8Array; mediaType: string }>;
}

export function createDemoClient(options: { baseUrl: string; agentId: string; signal?: AbortSignal }): DemoClient {
  const agentUrl = `${options.baseUrl.replace(/\/+$/, '')}/agents/${encodeURIComponent(options.agentId)}`;
  const headers = (token?: string, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'a2a-version': '1.0',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });
  const call = async (url: string, init: RequestInit): Promise<Response> => {
    const response = await fetch(url, { ...init, signal: options.signal });
    if (!response.ok) throw new A2AClientError(await errorMessage(response), response.status);
    return response;
  };

  return {
    sendStreaming: async function* (message, token) {
      yield* readSse(await call(`${agentUrl}/message:stream`, { method: 'POST', headers: headers(token), body: JSON.stringify({ message }) }));
    },
    resume: async function* (taskId, lastSeq, token) {
      const url = `${agentUrl}/tasks/${encodeURIComponent(taskId)}:subscribe`;
      yield* readSse(await call(url, { method: 'GET', headers: headers(token, { 'last-event-id': String(lastSeq) }) }));
    },
    async send(message, token, sendOptions = {}) {
      const body = { message, ...(sendOptions.returnImmediately ? { configuration: { returnImmediately: true } } : {}) };
      const response = await call(`${agentUrl}/message:send`, { method: 'POST', headers: headers(token), body: JSON.stringify(body) });
      return sendMessageResponseSchema.parse(await response.json());
    },
    async getTask(taskId, token) {
      const response = await call(`${agentUrl}/tasks/${encodeURIComponent(taskId)}`, { method: 'GET', headers: headers(token) });
      return taskSchema.parse(await response.json());
    },
    async download(url, token) {
      const response = await call(url, { method: 'GET', headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { bytes: new Uint8Array(await response.arrayBuffer()), mediaType: response.headers.get('content-type') ?? 'application/octet-stream' };
    },
  };
}

/** google.rpc.Status (HTTP+JSON) or any body: the server's own words, with the HTTP status. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string; status?: string } };
    if (body.error?.message) return `${response.status} ${body.error.status ?? ''}: ${body.error.message}`.replace(' :', ':');
  } catch {
    // not JSON: fall through
  }
  return `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

async function* readSse(response: Response): AsyncGenerator<StreamItem> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const item = parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (item) yield item;
    }
  }
}

function parseFrame(frame: string): StreamItem | undefined {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue; // heartbeat comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  const body = JSON.parse(data.join('\n')) as unknown;
  if (event === 'error') {
    const error = (body as { error?: { message?: string } }).error;
    throw new A2AClientError(`the stream ended with an error: ${error?.message ?? JSON.stringify(body)}`);
  }
  return { ...(id !== undefined && id !== '' ? { seq: Number(id) } : {}), response: streamResponseSchema.parse(body) };
}
