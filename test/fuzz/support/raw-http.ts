// One HTTP exchange with full control over what goes on the wire (verb, raw path, header values,
// body bytes, a body cut short), reading the whole answer: a JSON body, or every SSE frame until the
// server ends the stream. A stream that does not end within `streamGuardMs` is reported, not awaited.
import http from 'node:http';
import net from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query as sent (already percent-encoded where needed). */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Declare the whole body's length but send only this many bytes, then half-close the socket. */
  truncateTo?: number;
}

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Data, event and retry frames of an event stream (heartbeat comments dropped). */
  frames?: SseFrame[];
  /** The stream was still open when the guard expired. */
  hung?: boolean;
  /**
   * The stream was left open by the server, quietly, after a frame that shows its task waiting
   * (input-required or auth-required): a subscription rightly stays open until the task is terminal,
   * so the client closed it instead of waiting for the guard.
   */
  open?: boolean;
}

/** How long a stream whose last frame shows a waiting task may stay quiet before the client leaves. */
const WAITING_IDLE_MS = 750;

const WAITING_STATE = /^(TASK_STATE_INPUT_REQUIRED|TASK_STATE_AUTH_REQUIRED|input-required|auth-required)$/;

/** The task state the last data frame of a stream shows (v1.0 or v0.3, JSON-RPC or HTTP+JSON), if any. */
export function lastFrameState(frames: readonly SseFrame[]): string | undefined {
  const last = [...frames].reverse().find((f) => f.data !== undefined);
  if (!last?.data) return undefined;
  try {
    const body = JSON.parse(last.data) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const payload = body.result ?? body;
    const state = payload?.task?.status?.state ?? payload?.statusUpdate?.status?.state ?? payload?.status?.state;
    return typeof state === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

export const isWaitingState = (state: string | undefined): boolean => state !== undefined && WAITING_STATE.test(state);

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function closeRawHttpAgent(): void {
  agent.destroy();
}

/** The request in a line, for failure messages. */
export function describeRequest(request: RawRequest): string {
  const body = request.body?.toString('utf8') ?? '';
  return `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${body.length > 400 ? `${body.slice(0, 400)}… (${body.length} chars)` : body}`;
}

export function send(base: URL, request: RawRequest, streamGuardMs = 30_000, retried = false): Promise<RawResponse> {
  if (request.truncateTo !== undefined) return sendTruncated(base, request);
  // Framed by Content-Length always: Node would send a DELETE's body unframed.
  const headers = request.body === undefined ? request.headers : { ...request.headers, 'Content-Length': String(request.body.length) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method: request.method, path: request.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        let hung = false;
        let open = false;
        const isStream = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
        const guard = setTimeout(() => {
          hung = true;
          res.destroy();
        }, streamGuardMs);
        // Re-armed by every chunk: a stream gone quiet on a waiting task is left by the client.
        let idle: NodeJS.Timeout | undefined;
        const watchIdle = () => {
          clearTimeout(idle);
          idle = setTimeout(() => {
            if (!isWaitingState(lastFrameState(parseFrames(Buffer.concat(chunks).toString('utf8'))))) return watchIdle();
            open = true;
            res.destroy();
          }, WAITING_IDLE_MS);
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (isStream) watchIdle();
        });
        const finish = () => {
          clearTimeout(guard);
          clearTimeout(idle);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            ...(isStream ? { frames: parseFrames(text) } : {}),
            ...(hung ? { hung } : {}),
            ...(open && !hung ? { open } : {}),
          });
        };
        res.on('end', finish);
        res.on('error', () => (hung || open ? finish() : undefined));
        res.on('close', () => (hung || open ? finish() : undefined));
      },
    );
    // No answer at all (not even headers) within the guard: reported as hung, not waited for.
    req.setTimeout(streamGuardMs, () => {
      req.destroy();
      resolve({ status: 0, headers: {}, text: '', hung: true });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as we reused it (Node's documented race): retry once.
      if (req.reusedSocket && err.code === 'ECONNRESET' && !retried) resolve(send(base, request, streamGuardMs, true));
      else reject(err); // a no-op when the guard already answered
    });
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}

/** Raw socket: Node's client would refuse to send fewer bytes than the Content-Length it declares. */
function sendTruncated(base: URL, request: RawRequest): Promise<RawResponse> {
  const body = request.body ?? Buffer.alloc(0);
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${base.host}`, 'Connection: close', `Content-Length: ${body.length}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === 'content-length') continue;
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    socket.on('connect', () => {
      socket.write(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body.subarray(0, request.truncateTo)]));
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseRawResponse(Buffer.concat(chunks))));
  });
}

function parseRawResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return { status: 0, headers: {}, text: '' };
  const [statusLine, ...headerLines] = text.slice(0, headEnd).split('\r\n');
  const headers: http.IncomingHttpHeaders = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, headEnd + 4), 'latin1'));
  if (String(headers['transfer-encoding']).toLowerCase() === 'chunked') body = dechunk(body);
  return { status: Number(statusLine.split(' ')[1]), headers, text: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

export function parseFrames(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const raw of text.split('\n\n')) {
    const frame: SseFrame = {};
    for (const line of raw.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
      else if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value;
    }
    if (Object.keys(frame).length > 0) frames.push(frame);
  }
  return frames;
}
