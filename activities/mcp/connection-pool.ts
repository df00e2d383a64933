// One MCP client per server per worker: connected lazily on first use, shared by concurrent calls,
// dropped after a transport failure so the next call reconnects, and closed on worker shutdown.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../src/logger';
import { fetchRaisingHttpErrors } from './http-status';

export interface McpServerEndpoint {
  url: string;
  /** Sent as `Authorization: Bearer …` on every request when set. */
  bearerToken?: string;
}

export interface McpConnection {
  readonly server: string;
  readonly client: Client;
  /** The server's tools, listed once per connection (and again after a list-changed notification). */
  tools(options?: { signal?: AbortSignal; timeoutMs?: number; refresh?: boolean }): Promise<Tool[]>;
}

export interface McpConnectionPool {
  hasServer(server: string): boolean;
  acquire(server: string, options?: { signal?: AbortSignal }): Promise<McpConnection>;
  /** Forgets a connection after a transport failure; a no-op when it was already replaced. */
  invalidate(connection: McpConnection): Promise<void>;
  /** Ends every session and closes every transport; later acquires fail. */
  close(): Promise<void>;
}

export interface McpConnectionPoolOptions {
  servers: Record<string, McpServerEndpoint>;
  logger: Logger;
  clientInfo?: { name: string; version: string };
  /** Bound on connecting (initialize handshake) to a server. */
  connectTimeoutMs?: number;
}

/** Waits for `promise` unless `signal` aborts first; the shared work behind the promise goes on. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function closeQuietly(client: Client, transport: StreamableHTTPClientTransport) {
  // Ending the session politely frees server state; a server that is down must not delay shutdown.
  const terminated = transport.terminateSession().catch(() => undefined);
  await Promise.race([terminated, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  await client.close().catch(() => undefined);
}

export function createMcpConnectionPool(options: McpConnectionPoolOptions): McpConnectionPool {
  const connections = new Map<string, Promise<McpConnection>>();
  const closers = new Map<McpConnection, () => Promise<void>>();
  const log = options.logger.child({ component: 'mcp-pool' });
  let closed = false;

  async function connect(server: string): Promise<McpConnection> {
    const endpoint = options.servers[server];
    const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), {
      fetch: fetchRaisingHttpErrors(),
      requestInit: endpoint.bearerToken ? { headers: { Authorization: `Bearer ${endpoint.bearerToken}` } } : undefined,
    });
    let toolList: Promise<Tool[]> | undefined;
    const client = new Client(options.clientInfo ?? { name: 'a2a-temporal-worker', version: '0.1.0' }, {
      listChanged: { tools: { autoRefresh: false, debounceMs: 0, onChanged: () => void (toolList = undefined) } },
    });
    client.onerror = (error) => log.debug({ server, err: error }, 'mcp transport error');
    try {
      await client.connect(transport, { timeout: options.connectTimeoutMs ?? 10_000 });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    log.info({ server, sessionId: transport.sessionId }, 'mcp server connected');
    const connection: McpConnection = {
      server,
      client,
      tools({ signal, timeoutMs, refresh } = {}) {
        if (refresh) toolList = undefined;
        // Shared by concurrent callers, so it gets no caller's signal: one cancelled call must not
        // abort the listing the others wait for.
        const listing = (toolList ??= listAllTools(client, { timeout: timeoutMs }));
        // A failed listing must not stay cached for the life of the connection.
        listing.catch(() => {
          if (toolList === listing) toolList = undefined;
        });
        return unlessAborted(listing, signal);
      },
    };
    closers.set(connection, () => closeQuietly(client, transport));
    return connection;
  }

  async function release(connection: McpConnection) {
    const close = closers.get(connection);
    closers.delete(connection);
    await close?.();
  }

  return {
    hasServer: (server) => Object.prototype.hasOwnProperty.call(options.servers, server),

    acquire(server, { signal } = {}) {
      if (closed) return Promise.reject(new Error('the MCP connection pool is closed'));
      if (!this.hasServer(server)) return Promise.reject(new Error(`unknown MCP server ${server}`));
      let pending = connections.get(server);
      if (!pending) {
        pending = connect(server);
        connections.set(server, pending);
        const attempt = pending;
        // Forget a failed connect so the next call (the activity's retry) tries again.
        attempt.catch(() => {
          if (connections.get(server) === attempt) connections.delete(server);
        });
      }
      return unlessAborted(pending, signal);
    },

    async invalidate(connection) {
      const current = connections.get(connection.server);
      if (current && (await current.catch(() => undefined)) === connection) connections.delete(connection.server);
      log.info({ server: connection.server }, 'mcp connection dropped after a transport failure');
      await release(connection);
    },

    async close() {
      closed = true;
      const pending = [...connections.values()];
      connections.clear();
      await Promise.all(pending.map((p) => p.then(release, () => undefined)));
      await Promise.all([...closers.keys()].map(release));
    },
  };
}

/** Follows pagination cursors so a long tool list is never silently truncated. */
async function listAllTools(client: Client, options: { timeout?: number }): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined, options);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}
