// Starts the API on a host and port (0 picks a free one) and returns its base URL and a close() that
// ends open streams with a retry hint before closing the server.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createApp, type CreatedApp } from './app';
import type { ApiDeps } from './app-types';

export interface ApiServerOptions extends ApiDeps {
  host?: string;
  port?: number;
  /** `retry:` hint written to open streams on close; clients reconnect after it. Default 1000 ms. */
  shutdownRetryMs?: number;
}

export interface ApiServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  server: Server;
  closeAllStreams: CreatedApp['closeAllStreams'];
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { host = '127.0.0.1', port = 0, shutdownRetryMs = 1000, ...deps } = options;
  const created = createApp(deps);
  const server = createServer(created.app.callback());
  // Keep idle connections open longer than clients and proxies do (undici 4 s, load balancers
  // 60 s): a server that closes first races a client reusing the socket, which sees ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    server,
    closeAllStreams: created.closeAllStreams,
    async close() {
      // New A2A requests are refused from here on; streams end with a retry hint; requests still
      // waiting (a blocking send on a long task) answer now instead of holding the shutdown open.
      created.refuseNewRequests();
      await created.closeAllStreams({ retryMs: shutdownRetryMs });
      created.abortRequests();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets with no request in flight would otherwise hold close() open, and a socket
      // that goes idle after this point would hold it for the whole keep-alive window: answers in
      // flight get a moment to finish, then every connection is closed.
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 1_000);
      await closed;
      clearTimeout(force);
    },
  };
}
