// Stdio transport of the tool server, for local MCP clients that spawn it as a child process. The
// one process serves one client, so the allowlist is fixed at start; stdout carries the protocol,
// so the entry point must send logs to stderr.
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDocumentToolServer, type DocumentToolServerDeps } from './create-document-tool-server';

export async function startMcpStdioServer(
  deps: DocumentToolServerDeps,
  io: { stdin?: Readable; stdout?: Writable } = {},
): Promise<{ close(): Promise<void> }> {
  const server = createDocumentToolServer(deps);
  await server.connect(new StdioServerTransport(io.stdin, io.stdout));
  return { close: () => server.close() };
}
