// The page's only door to the API: every call carries the signed-in credential (a bearer token or an
// API key, kept in sessionStorage for this tab), errors come back as one Error with the server's
// message, and live feeds are SSE read through fetch (EventSource cannot send an Authorization header).
export interface Credential {
  kind: 'bearer' | 'api-key';
  value: string;
}

const STORAGE_KEY = 'a2a-inbox-credential';

export function loadCredential(): Credential | undefined {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Credential | null;
    return parsed && (parsed.kind === 'bearer' || parsed.kind === 'api-key') && typeof parsed.value === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredential(credential: Credential | undefined): void {
  if (credential) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credential));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** An answer the API refused, with its A2A error status (e.g. INVALID_ARGUMENT) and message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly status?: string,
  ) {
    super(message);
  }
}

function headers(credential: Credential, extra: Record<string, string> = {}): Record<string, string> {
  const auth: Record<string, string> = credential.kind === 'bearer' ? { Authorization: `Bearer ${credential.value}` } : { 'X-API-Key': credential.value };
  return { ...auth, 'A2A-Version': '1.0', ...extra };
}

export async function request<T>(credential: Credential, path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: headers(credential, init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: init.signal,
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
}

function errorOf(httpStatus: number, body: unknown): ApiError {
  const error = (body as { error?: { message?: string; status?: string } } | undefined)?.error;
  return new ApiError(error?.message ?? `The server answered ${httpStatus}`, httpStatus, error?.status);
}

/**
 * Follows an SSE feed of JSON frames until `signal` aborts, reconnecting after a pause when the
 * stream ends or fails (a server restart, a proxy timeout). A refusal (401, 403) stops and is reported.
 */
export async function follow<T>(credential: Credential, path: string, handlers: { onData(data: T): void; onError(err: ApiError): void }, signal: AbortSignal) {
  while (!signal.aborted) {
    try {
      const response = await fetch(path, { headers: headers(credential, { Accept: 'text/event-stream' }), signal });
      if (!response.ok) {
        const err = errorOf(response.status, await response.json().catch(() => undefined));
        handlers.onError(err);
        if (response.status === 401 || response.status === 403) return;
      } else {
        await readFrames(response.body!, (data) => handlers.onData(JSON.parse(data) as T));
      }
    } catch (err) {
      if (signal.aborted) return;
      handlers.onError(new ApiError(err instanceof Error ? err.message : String(err), 0));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

async function readFrames(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) onData(data);
    }
  }
}
