// Plain HTTP calls against a running platform, returning the raw text as well, so tests can compare
// answers byte for byte.
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
  body: any;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; version?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.version !== null) headers['A2A-Version'] = options.version ?? '1.0';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function rpc(
  baseUrl: string,
  path: string,
  method: string,
  params: unknown,
  options: { headers?: Record<string, string>; version?: string | null } = {},
): Promise<Reply> {
  return call(baseUrl, 'POST', path, { headers: options.headers, version: options.version, body: { jsonrpc: '2.0', id: 7, method, params } });
}
