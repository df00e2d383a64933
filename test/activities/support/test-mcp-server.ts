// A small real MCP server over Streamable HTTP on 127.0.0.1 (stateful sessions, optional bearer
// token) with a few tools: one returning isError, one only the server can validate, and one that waits
// until its request is cancelled.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export interface TestMcpServer {
  url: string;
  port: number;
  /** Sessions currently open on the server. */
  openSessions(): number;
  /** Resolves when a `wait_forever` call has been cancelled by its client. */
  waitCancelled: Promise<void>;
  /** Resolves when a `wait_forever` call has started. */
  waitStarted: Promise<void>;
  close(): Promise<void>;
}

function buildServer(events: { started: () => void; cancelled: () => void }): McpServer {
  const server = new McpServer({ name: 'test-documents', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() }, outputSchema: { sum: z.number() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }),
  );
  server.registerTool(
    'lookup_document',
    { title: 'Look up a document', inputSchema: { id: z.string().min(1) } },
    async ({ id }) => {
      if (id === 'doc-1') return { content: [{ type: 'text', text: 'Invoice #1' }] };
      // Our tool server's convention for a fault on its side rather than in the input.
      if (id === 'doc-flaky') {
        return {
          isError: true,
          content: [{ type: 'text', text: 'lookup_document failed (internal): store unavailable' }],
          _meta: { 'a2a-temporal/error': { code: 'internal', retryable: true } },
        };
      }
      return { isError: true, content: [{ type: 'text', text: `document ${id} not found` }] };
    },
  );
  // The refinement has no JSON Schema form, so only the server can reject a bad value.
  server.registerTool(
    'check_iban',
    { description: 'Checks a French IBAN.', inputSchema: { iban: z.string().refine((v) => v.startsWith('FR'), 'must be a French IBAN') } },
    async ({ iban }) => ({ content: [{ type: 'text', text: `${iban} ok` }] }),
  );
  // Named like a document tool, but with no published output schema (an older or foreign server), so
  // nothing on the way checks its result: `size` comes back as a string, `sha256` is missing.
  server.registerTool('fingerprint_document', { description: 'A fingerprint of the wrong shape.', inputSchema: {} }, async () => ({
    content: [{ type: 'text', text: 'fingerprinted' }],
    structuredContent: { size: 'large', detectedMediaType: 'application/pdf' },
  }));
  server.registerTool('wait_forever', { description: 'Never finishes unless cancelled.', inputSchema: {} }, async (_args, extra) => {
    events.started();
    await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve(), { once: true }));
    events.cancelled();
    return { content: [{ type: 'text', text: 'cancelled' }] };
  });
  return server;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** An HTTP answer that replaces the MCP server's, e.g. a gateway's 429 in front of it. */
export interface InterceptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

export interface TestMcpServerOptions {
  port?: number;
  bearerToken?: string;
  /** Consulted for every POST once its JSON-RPC body is read; an answer short-circuits the server. */
  intercept?: (body: unknown) => InterceptedAnswer | undefined;
}

export async function startTestMcpServer(options: TestMcpServerOptions = {}): Promise<TestMcpServer> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();
  const sockets = new Set<Socket>();
  let started!: () => void;
  let cancelled!: () => void;
  const waitStarted = new Promise<void>((resolve) => (started = resolve));
  const waitCancelled = new Promise<void>((resolve) => (cancelled = resolve));

  const http = createServer((req, res) => {
    void (async () => {
      if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      const intercepted = req.method === 'POST' ? options.intercept?.(body) : undefined;
      if (intercepted) {
        res.writeHead(intercepted.status, { 'content-type': 'text/plain', ...intercepted.headers }).end(`answered ${intercepted.status} by the test`);
        return;
      }
      const sessionId = req.headers['mcp-session-id'];
      let session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (!session) {
        if (sessionId !== undefined || !isInitializeRequest(body)) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(
            JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }),
          );
          return;
        }
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => void sessions.set(id, created),
        });
        const created = { transport, server: buildServer({ started, cancelled }) };
        transport.onclose = () => {
          if (transport.sessionId) sessions.delete(transport.sessionId);
        };
        await created.server.connect(transport);
        session = created;
      }
      await session.transport.handleRequest(req, res, body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    openSessions: () => sessions.size,
    waitStarted,
    waitCancelled,
    async close() {
      await Promise.all([...sessions.values()].map((s) => s.server.close().catch(() => undefined)));
      sessions.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
