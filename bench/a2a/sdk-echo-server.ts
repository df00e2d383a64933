// Benchmark child: the same echo agent on @a2a-js/sdk's own server (DefaultRequestHandler, its express
// JSON-RPC adapter), with the SDK's in-memory task store, or with SDK_TASK_STORE=sqlite a TaskStore on
// SQLite with fsync at SDK_SQLITE_FILE: the baselines of an in-memory and of a durable A2A server.
import { Message, Task, TaskArtifactUpdateEvent, TaskStatusUpdateEvent } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor } from '@a2a-js/sdk/server';
import { jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createSqliteTaskStore } from './sqlite-task-store';

/** Mirrors workflows/echo-agent-workflow.ts: working, the text as an artifact, completed with it. */
const echoExecutor: AgentExecutor = {
  async execute(context, bus) {
    const { taskId, contextId } = context;
    const text = context.userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
    const status = (state: string, message?: unknown) => ({ state, timestamp: new Date().toISOString(), ...(message ? { message } : {}) });
    const ids = { taskId, contextId };
    bus.publish(AgentEvent.task(Task.fromJSON({ id: taskId, contextId, status: status('TASK_STATE_SUBMITTED'), history: [Message.toJSON(context.userMessage)] })));
    bus.publish(AgentEvent.statusUpdate(TaskStatusUpdateEvent.fromJSON({ ...ids, status: status('TASK_STATE_WORKING') })));
    const artifact = { artifactId: 'echo', name: 'echo', parts: [{ text }] };
    bus.publish(AgentEvent.artifactUpdate(TaskArtifactUpdateEvent.fromJSON({ ...ids, artifact, lastChunk: true })));
    const reply = { messageId: randomUUID(), role: 'ROLE_AGENT', ...ids, parts: [{ text }] };
    bus.publish(AgentEvent.statusUpdate(TaskStatusUpdateEvent.fromJSON({ ...ids, status: status('TASK_STATE_COMPLETED', reply) })));
    bus.finished();
  },
  async cancelTask() {},
};

async function main(): Promise<void> {
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const card = {
    name: 'echo',
    description: 'Echo on the @a2a-js/sdk in-memory server',
    version: '1.0.0',
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: '' }],
    provider: undefined,
    capabilities: { streaming: true, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [],
    signatures: [],
  };
  const sqliteFile = process.env.SDK_TASK_STORE === 'sqlite' ? process.env.SDK_SQLITE_FILE : undefined;
  if (process.env.SDK_TASK_STORE === 'sqlite' && !sqliteFile) throw new Error('SDK_TASK_STORE=sqlite needs SDK_SQLITE_FILE');
  const store = sqliteFile ? createSqliteTaskStore(sqliteFile) : new InMemoryTaskStore();
  const handler = new DefaultRequestHandler(card, store, echoExecutor);
  app.use('/', jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.stdout.write(`sdk echo server (${sqliteFile ? 'SQLite' : 'in-memory'} task store) listening on ${url}\n`);
}

main().catch((err) => {
  process.stderr.write(`sdk echo server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
