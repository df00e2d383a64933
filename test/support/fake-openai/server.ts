// A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI API for the real `openai` client:
// POST /v1/chat/completions (JSON or SSE) and GET /v1/models. Answers come from the script queue, then
// the responder; with neither, a 400 so an unexpected request fails the test loudly instead of retrying.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { renderChunks, renderCompletion, renderError, type RenderContext } from './render';
import type { ErrorStep, RecordedRequest, ReplyStep, Responder, ScriptStep } from './script';

export interface FakeOpenAiOptions {
  responder?: Responder;
  /** Model ids listed by GET /v1/models; the first is the default model of replies. */
  models?: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get a 401. */
  apiKey?: string;
  /** Keep request records (default true); benchmarks turn it off to keep memory flat. */
  record?: boolean;
  /** Fixed port (default 0: any free port), e.g. to restart a server on the same address. */
  port?: number;
}

export interface FakeOpenAiServer {
  /** Base URL including /v1, ready for `new OpenAI({ baseURL })`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Appends steps to the queue; each chat completion request consumes one. */
  script(...steps: ScriptStep[]): void;
  respondWith(responder: Responder | undefined): void;
  /** Steps not consumed yet. */
  pendingSteps(): number;
  waitForRequests(count: number): Promise<void>;
  /** Resolves once the client has closed the connection of request `index` before it completed. */
  waitForClientAbort(index: number): Promise<void>;
  close(): Promise<void>;
}

// Unref: a long scripted delay must not keep the test process alive after close().
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startFakeOpenAiServer(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const models = options.models ?? ['fake-model'];
  const record = options.record ?? true;
  const queue: ScriptStep[] = [];
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  // Connections the server cut on purpose (drop steps), so they are not mistaken for client aborts.
  const dropped = new WeakSet<ServerResponse>();
  let responder = options.responder;
  let counter = 0;

  async function answerCompletion(req: IncomingMessage, res: ServerResponse, request: RecordedRequest) {
    const next = queue.shift() ?? (responder ? await responder(request) : undefined);
    if (!next) {
      sendJson(res, 400, renderError({ kind: 'error', status: 400, message: 'fake-openai: no scripted reply left' }));
      return;
    }
    if (next.kind === 'hang') return;
    if (next.delayMs) await sleep(next.delayMs);
    if (next.kind === 'drop') {
      dropped.add(res);
      req.socket.destroy();
      return;
    }
    if (next.kind === 'error') {
      sendError(res, next);
      return;
    }
    const ctx: RenderContext = { id: `chatcmpl-fake-${request.index}`, created: Math.floor(Date.now() / 1000), model: next.model ?? request.model ?? models[0] };
    if (!request.stream) {
      sendJson(res, 200, renderCompletion(ctx, request, next));
      return;
    }
    await streamReply(req, res, ctx, request, next);
  }

  function sendError(res: ServerResponse, step: ErrorStep) {
    const headers: Record<string, string> = { ...step.headers };
    if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
    if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
    sendJson(res, step.status, renderError(step), headers);
  }

  async function streamReply(req: IncomingMessage, res: ServerResponse, ctx: RenderContext, request: RecordedRequest, step: ReplyStep) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const chunks = renderChunks(ctx, request, step);
    for (let i = 0; i < chunks.length; i += 1) {
      if (res.destroyed) return;
      if (step.dropAfterChunks === i) {
        dropped.add(res);
        req.socket.destroy();
        return;
      }
      if (step.stallAfterChunks === i) return;
      if (step.errorAfterChunks?.afterChunks === i) {
        res.end(`data: ${JSON.stringify({ error: { message: step.errorAfterChunks.message, type: 'server_error', param: null, code: null } })}\n\n`);
        return;
      }
      if (i > 0 && step.chunkDelayMs) await sleep(step.chunkDelayMs);
      res.write(`data: ${JSON.stringify(chunks[i])}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendJson(res, 401, renderError({ kind: 'error', status: 401 }));
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake-openai' })) });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, renderError({ kind: 'error', status: 404, message: `fake-openai: no route ${req.method} ${path}` }));
      return;
    }
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      sendJson(res, 400, renderError({ kind: 'error', status: 400, message: 'fake-openai: body is not JSON' }));
      return;
    }
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    const request: RecordedRequest = {
      index: counter++,
      method: req.method,
      path,
      headers: { ...req.headers },
      body,
      model: typeof body.model === 'string' ? body.model : undefined,
      messages: Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [],
      tools: Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : undefined,
      stream: body.stream === true,
      includeUsage: body.stream === true && streamOptions?.include_usage === true,
      clientAborted: false,
    };
    if (record) requests.push(request);
    res.on('close', () => {
      if (!res.writableFinished && !dropped.has(res)) {
        request.clientAborted = true;
        events.emit('abort', request.index);
      }
    });
    events.emit('request', request.index);
    await answerCompletion(req, res, request);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, renderError({ kind: 'error', status: 500, message: String(error) }));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const waitFor = (event: string, done: () => boolean) =>
    new Promise<void>((resolve) => {
      if (done()) return resolve();
      const check = () => {
        if (!done()) return;
        events.off(event, check);
        resolve();
      };
      events.on(event, check);
    });

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...steps) => void queue.push(...steps),
    respondWith: (next) => void (responder = next),
    pendingSteps: () => queue.length,
    waitForRequests: (count) => waitFor('request', () => counter >= count),
    waitForClientAbort: (index) => waitFor('abort', () => requests.some((r) => r.index === index && r.clientAborted)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging replies and keep-alive sockets would hold close() open forever.
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
