// Starts the API over real HTTP on 127.0.0.1 (port 0) with the stub request handler (transport and
// binding tests only; product rules run on the platform, see platform-test-server.ts), and gives
// tests small helpers for JSON-RPC calls and HTTP+JSON requests against it.
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../api/server';
import { createAgentRegistry, type AgentRegistryOptions } from '../../src/agents/agent-registry';
import { createSilentLogger } from '../../src/logger';
import { StubRequestHandler } from './stub-request-handler';

export interface TestServer extends ApiServer {
  handler: StubRequestHandler;
  /** POSTs a JSON-RPC request to `path` (default: the root, i.e. the default agent). */
  rpc(method: string, params?: unknown, options?: RpcOptions): Promise<RpcReply>;
  /** Any request, JSON body serialised; the reply's JSON parsed when there is one. */
  request(method: string, path: string, options?: RequestOptions): Promise<HttpReply>;
}

export interface RpcOptions {
  path?: string;
  version?: string | null;
  id?: string | number | null;
  headers?: Record<string, string>;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  version?: string | null;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
  text: string;
}

export type RpcReply = HttpReply;

export async function startTestServer(
  options: Partial<ApiServerOptions> & { registry?: AgentRegistryOptions } = {},
): Promise<TestServer> {
  const handler = (options.handler as StubRequestHandler | undefined) ?? new StubRequestHandler();
  const { registry, ...rest } = options;
  const server = await startApiServer({
    logger: createSilentLogger(),
    agents: createAgentRegistry(registry),
    ...rest,
    handler,
  });

  return Object.assign(server, { handler }, httpHelpers(server.url));
}

/** JSON-RPC and HTTP+JSON helpers against the API at `url` (a fake's or the real platform's). */
export function httpHelpers(url: string): Pick<TestServer, 'rpc' | 'request'> {
  const request = async (method: string, path: string, opts: RequestOptions = {}): Promise<HttpReply> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.version !== null && opts.version !== undefined) headers['A2A-Version'] = opts.version;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (an SSE body, say): tests read `text` instead.
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

  const rpc = (method: string, params?: unknown, opts: RpcOptions = {}) =>
    request('POST', opts.path ?? '/', {
      body: { jsonrpc: '2.0', id: opts.id === undefined ? 1 : opts.id, method, ...(params === undefined ? {} : { params }) },
      version: opts.version === undefined ? '1.0' : opts.version,
      headers: opts.headers,
    });

  return { rpc, request };
}
