// In-process harness for the document tool server: a memory artifact store, a real PDF extractor, a
// logger whose lines the test can read, and an SDK Client linked through InMemoryTransport.
import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMemoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';
import { defaultVerificationPolicy, type PdfExtractor } from '../../src/documents';
import { createLogger, type Logger } from '../../src/logger';
import { createDocumentToolServer, type DocumentToolServerDeps } from '../../src/mcp-server';

export interface CapturedLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function captureLogger(): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

export interface ConnectedServer {
  client: Client;
  store: ArtifactStore;
  log: CapturedLogger;
  close(): Promise<void>;
}

export async function connectDocumentToolServer(
  pdf: PdfExtractor,
  overrides: Partial<DocumentToolServerDeps> = {},
): Promise<ConnectedServer> {
  const log = captureLogger();
  const store = overrides.store ?? createMemoryArtifactStore();
  const server = createDocumentToolServer({
    store,
    pdf,
    policy: defaultVerificationPolicy(),
    logger: log.logger,
    now: () => new Date('2025-06-01T12:00:00Z'),
    ...overrides,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientTransport);
  return {
    client,
    store,
    log,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
