// Streamable HTTP transport of the tool server, stateless: every POST gets a fresh server and
// transport for the caller's principal. Stateless because the tools are plain request/response (no
// server-initiated messages), so sessions would add nothing but a failure mode: a restarted server
// would reject every old session id, while the MCP activities must survive restarts with plain
// retries; it also lets several instances sit behind a load balancer with no affinity.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createBearerAuthenticator, type Principal, type TokenGrant } from './bearer-auth';
import { createDocumentToolServerFactory, type DocumentToolServerDeps } from './create-document-tool-server';
import { defaultToolServerLimits } from './limits';
import { createTextCache } from './text-source';

export const MCP_PATH = '/mcp';

export interface McpHttpServerOptions extends Omit<DocumentToolServerDeps, 'allowedTools'> {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8081; 0 picks a free port (tests). */
  port?: number;
  /** Bearer tokens and the tools each may use; none means no authentication (development only). */
  tokens?: readonly TokenGrant[];
  /** Outside development: refuse to start without tokens instead of running open. */
  requireToken?: boolean;
  /** HTTP body limit; default fits the largest inline document plus JSON overhead. */
  maxBodyBytes?: number;
  /** Browser origins allowed to call; default none (requests with an Origin header are refused). */
  allowedOrigins?: readonly string[];
}

export interface McpHttpServer {
  url: string;
  close(): Promise<void>;
}

const ANONYMOUS: Principal = { name: 'anonymous', allowedTools: '*' };

export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<McpHttpServer> {
  const { host = '127.0.0.1', port = 8081, tokens = [], logger } = options;
  if (tokens.length === 0 && options.requireToken) {
    throw new Error('refusing to start the MCP server without a bearer token outside development: configure MCP_TOKENS');
  }
  if (tokens.length === 0) logger.warn({ event: 'mcp.auth_disabled' }, 'MCP server runs without authentication (development only)');
  const authenticate = tokens.length > 0 ? createBearerAuthenticator(tokens) : undefined;
  const limits = { ...defaultToolServerLimits(), ...options.limits };
  const maxBodyBytes = options.maxBodyBytes ?? Math.ceil((limits.maxInlineBytes * 4) / 3) + 256 * 1024;
  const createServerFor = createDocumentToolServerFactory({ ...options, limits, textCache: options.textCache ?? createTextCache() });
  let allowedHosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (path === '/healthz') return sendJson(res, req.method === 'GET' || req.method === 'HEAD' ? 200 : 405, { status: 'ok' });
    if (path !== MCP_PATH) return sendJson(res, 404, rpcError(-32000, `not found: the MCP endpoint is ${MCP_PATH}`));
    // DNS-rebinding and cross-site defence: a loopback server answers only to loopback host names,
    // and browsers (which always send Origin) only from configured origins.
    if (allowedHosts.size > 0 && !allowedHosts.has(req.headers.host ?? '')) return sendJson(res, 403, rpcError(-32000, 'forbidden: unexpected Host header'));
    const origin = req.headers.origin;
    if (origin !== undefined && !(options.allowedOrigins ?? []).includes(origin)) return sendJson(res, 403, rpcError(-32000, 'forbidden: origin not allowed'));
    let principal = ANONYMOUS;
    let auth;
    if (authenticate) {
      const result = authenticate(req.headers.authorization);
      if (!result.ok) {
        logger.warn({ event: 'mcp.auth_refused', reason: result.error, remote: req.socket.remoteAddress }, 'MCP request refused');
        const challenge = result.error === 'missing' ? 'Bearer realm="mcp"' : 'Bearer realm="mcp", error="invalid_token", error_description="the bearer token is not valid"';
        res.setHeader('WWW-Authenticate', challenge);
        return sendJson(res, 401, rpcError(-32001, result.error === 'missing' ? 'unauthorized: a bearer token is required' : 'unauthorized: invalid bearer token'));
      }
      principal = result.principal;
      auth = result.authInfo;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, rpcError(-32000, `method not allowed: this server is stateless, POST JSON-RPC messages to ${MCP_PATH}`));
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
      return sendJson(res, 413, rpcError(-32000, `request body exceeds the ${maxBodyBytes}-byte limit`));
    }
    const server = createServerFor(principal.allowedTools);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: maxBodyBytes });
    // Closing the transport aborts in-flight handlers (and so their PDF workers) when the client goes away.
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(Object.assign(req, { auth }), res);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'MCP HTTP request failed');
      if (!res.headersSent) sendJson(res, 500, rpcError(-32603, 'internal server error'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  if (isLoopback(host)) allowedHosts = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`, `[::1]:${bound}`]);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}${MCP_PATH}`;
  logger.info({ event: 'mcp.listening', url, auth: tokens.length > 0 ? 'bearer' : 'none' }, 'MCP tool server listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

function rpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
}
