// A minimal SSE reader for tests: reads frames as they arrive, keeping ids, event types, comments
// and retry hints (the official clients hide those), and can stop reading (disconnect) at any point.
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
  comments: string[];
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** The next complete frame (including comment-only frames), or undefined at end of stream. */
  next(): Promise<SseFrame | undefined>;
  /** Frames until the end, skipping heartbeat-only frames. */
  rest(): Promise<SseFrame[]>;
  /** Drops the connection, as a client going away. */
  disconnect(): void;
  /** The body when the response is not a stream. */
  text(): Promise<string>;
}

export async function openSse(url: string, init: RequestInit): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ended = false;

  const next = async (): Promise<SseFrame | undefined> => {
    for (;;) {
      const boundary = buffer.indexOf('\n\n');
      if (boundary >= 0) {
        const raw = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        return parseFrame(raw);
      }
      if (ended) return undefined;
      const { done, value } = await reader.read();
      if (done) ended = true;
      else buffer += value;
    }
  };

  return {
    status: response.status,
    headers: response.headers,
    next,
    async rest() {
      const frames: SseFrame[] = [];
      for (let frame = await next(); frame; frame = await next()) {
        if (frame.data !== undefined || frame.event !== undefined || frame.retry !== undefined) frames.push(frame);
      }
      return frames;
    },
    disconnect: () => controller.abort(),
    async text() {
      let out = buffer;
      for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
      return out;
    },
  };
}

function parseFrame(raw: string): SseFrame {
  const frame: SseFrame = { comments: [] };
  for (const line of raw.split('\n')) {
    if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
    else {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
      else if (field === 'retry') frame.retry = Number(value);
    }
  }
  return frame;
}

export const json = (frame: SseFrame | undefined): any => JSON.parse(frame?.data ?? 'null'); // eslint-disable-line @typescript-eslint/no-explicit-any
