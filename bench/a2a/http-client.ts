// A lean HTTP client for the benchmark: JSON-RPC calls over keep-alive sockets and SSE streams whose
// frames are time-stamped on arrival. Plain node:http, so the client's own cost stays small and is
// the same for every server compared.
import http from 'node:http';

export interface RpcReply {
  status: number;
  body: { result?: Record<string, unknown>; error?: { code: number; message: string } };
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export const V1_HEADERS = { 'content-type': 'application/json', 'a2a-version': '1.0' } as const;

/** `headers` go on every request (e.g. the bearer token). */
export function createHttpClient(maxSockets: number, headers: Record<string, string> = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  let id = 0;

  /** `timeoutMs` bounds the whole exchange: past it the socket is destroyed and the call rejects. */
  function request(url: string, init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs?: number }): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: init.method, headers: { ...headers, ...init.headers }, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      const timer = init.timeoutMs === undefined ? undefined : setTimeout(() => req.destroy(new TimeoutError(init.timeoutMs!)), init.timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', reject);
      req.end(init.body);
    });
  }

  /** One JSON-RPC call; a JSON-RPC error, a non-200 status or `options.timeoutMs` passing rejects. */
  async function rpc(url: string, method: string, params: unknown, options: { timeoutMs?: number } = {}): Promise<Record<string, unknown>> {
    const body = JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params });
    const reply = await request(url, { method: 'POST', headers: V1_HEADERS, body, timeoutMs: options.timeoutMs });
    const parsed = JSON.parse(reply.text) as RpcReply['body'];
    if (reply.status !== 200 || parsed.error || !parsed.result) {
      throw new Error(`${method} answered ${reply.status}: ${parsed.error ? `${parsed.error.code} ${parsed.error.message}` : reply.text.slice(0, 200)}`);
    }
    return parsed.result;
  }

  return { rpc, request, headers, close: () => agent.destroy() };
}

export interface SseFrame {
  id?: string;
  data?: unknown;
  /** Date.now() when the frame was complete on this side. */
  at: number;
}

export interface SseStream {
  /** Every data frame so far, in order. */
  frames: SseFrame[];
  /** Resolves when a frame matching `test` has arrived (at once if one already did). */
  waitFor(test: (frame: SseFrame) => boolean): Promise<SseFrame>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a JSON-RPC streaming call on its own socket (SSE holds a connection for its lifetime). */
export function openStream(url: string, method: string, params: unknown, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
    const req = http.request(url, { method: 'POST', headers: { ...headers, ...V1_HEADERS, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => reject(new Error(`${method} answered ${res.statusCode}: ${text.slice(0, 200)}`)));
        return;
      }
      const frames: SseFrame[] = [];
      const waiters: Array<{ test: (f: SseFrame) => boolean; resolve: (f: SseFrame) => void }> = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frame.data === undefined) continue; // heartbeat comment
          frames.push(frame);
          for (const w of [...waiters]) {
            if (w.test(frame)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(frame);
            }
          }
        }
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      resolve({
        frames,
        ended,
        waitFor: (test) => {
          const found = frames.find(test);
          return found ? Promise.resolve(found) : new Promise((r) => waiters.push({ test, resolve: r }));
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parseFrame(raw: string): SseFrame {
  const frame: SseFrame = { at: Date.now() };
  let data: string | undefined;
  for (const line of raw.split('\n')) {
    if (line.startsWith('id:')) frame.id = line.slice(3).trim();
    else if (line.startsWith('data:')) data = (data === undefined ? '' : `${data}\n`) + line.slice(5).trimStart();
  }
  if (data !== undefined) frame.data = JSON.parse(data);
  return frame;
}
