// The verifier survives its dependencies failing: the document tool server down for a while (tool
// calls retry until it is back), and the worker killed with SIGKILL in the middle of the model step
// (the attempt times out on its heartbeat and a new worker finishes the task). Both over real HTTP
// on loopback, with the shared artifact store on disk so the worker process sees the same documents.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDirectoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';
import { createPdfExtractor, defaultVerificationPolicy, type PdfExtractor } from '../../src/documents';
import { samplePdf, sampleInvoice } from '../../src/documents/samples';
import { createSilentLogger } from '../../src/logger';
import { startMcpHttpServer, type McpHttpServer } from '../../src/mcp-server';
import { step } from '../support/fake-openai';
import { startTestPlatform, workflowBundle } from '../support/platform-harness';
import { artifactOf, filePart, startDocumentStack, textOf, type Stack } from './support/document-stack';

const AGENT = 'document-verifier';
const ROOT = path.resolve(__dirname, '../..');
const invoice = () => filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice-INV-2025-0042.pdf');

let dir: string;
let store: ArtifactStore;
let pdf: PdfExtractor;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'verifier-faults-'));
  store = await createDirectoryArtifactStore({ directory: path.join(dir, 'artifacts') });
  pdf = createPdfExtractor({ maxWorkers: 1 });
});
afterAll(async () => {
  await pdf?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startToolServer(port: number): Promise<McpHttpServer> {
  return startMcpHttpServer({ store, pdf, policy: defaultVerificationPolicy(), logger: createSilentLogger(), host: '127.0.0.1', port });
}

/** Accepts connections on `port` and drops them at once: a tool server that is down. */
async function startDeadServer(port: number) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const waiters: Array<() => void> = [];
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
    waiters.splice(0).forEach((wake) => wake());
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    async waitForConnections(n: number) {
      while (connections < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const quick = { toolHeartbeatTimeout: '2s', modelStep: { heartbeatTimeoutMs: 2_000, retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000 } } };

describe('the document tool server down for a while', () => {
  let stack: Stack;
  afterAll(() => stack?.close());

  it('is retried until it is back, and the task completes', async () => {
    const probe = await startToolServer(0);
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const dead = await startDeadServer(port);
    stack = await startDocumentStack({
      store,
      mcpServers: { documents: { url: `http://127.0.0.1:${port}/mcp` } },
      agents: { [AGENT]: { settings: { ...quick, toolCalls: { defaults: { retry: { initialIntervalMs: 200, maximumIntervalMs: 500, maximumAttempts: 100 } } } } } },
    });
    stack.model!.respondWith(() => step.text('Fine.'));
    const task = await stack.start(AGENT, [invoice()]);
    // Three failed connection attempts: the first tool call has failed and been retried at least twice.
    await dead.waitForConnections(3);
    expect((await stack.rpc(AGENT, 'GetTask', { id: task.id })).result.status.state).toBe('TASK_STATE_WORKING');
    await dead.close();
    const back = await startToolServer(port);
    try {
      const done = await stack.waitForSettled(AGENT, task.id);
      expect(done.status.state).toBe('TASK_STATE_COMPLETED');
      expect(artifactOf(done, 'verification-result')).toBeDefined();
    } finally {
      await back.close();
    }
  });
});

describe('the worker killed in the middle of an activity', () => {
  let stack: Stack;
  let tools: McpHttpServer;
  let child: ChildProcess | undefined;
  let replacement: Awaited<ReturnType<typeof startTestPlatform>> | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await replacement?.close();
    await stack?.close();
    await tools?.close();
  });

  function spawnWorker(config: object): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'test/workflows/support/worker-process.ts', JSON.stringify(config)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
      proc.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('worker ready')) resolve(proc);
      });
      proc.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`)));
    });
  }

  it('is replaced by a new worker, which finishes the task', async () => {
    tools = await startToolServer(0);
    const taskQueue = `faults-${process.pid}-${Date.now()}`;
    // The API and the engine, no worker: the only worker is the child process below.
    stack = await startDocumentStack({
      store,
      mcpServers: { documents: { url: tools.url } },
      workflowTaskQueue: taskQueue,
      worker: { enabled: false },
      agents: { [AGENT]: { settings: quick } },
    });
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await workflowBundle()).code);
    const config = {
      address: stack.platform.temporal.address,
      taskQueue,
      bundlePath,
      artifactDir: path.join(dir, 'artifacts'),
      mcpUrl: tools.url,
      modelBaseUrl: stack.model!.baseUrl,
    };
    child = await spawnWorker(config);
    // The model step streams a little, then stalls: the worker is busy in the activity when killed.
    stack.model!.script(step.streamed(['Half ', 'a ', 'summary'], { stallAfterChunks: 2 }), step.text('Summary written after the restart.'));
    const task = await stack.start(AGENT, [invoice()]);
    await stack.model!.waitForRequests(1);
    child.kill('SIGKILL');
    child = undefined;
    replacement = await startTestPlatform({
      taskQueue,
      artifacts: { store },
      model: { baseUrl: stack.model!.baseUrl, model: 'fake-model', requestTimeoutMs: 60_000 },
      mcpServers: { documents: { url: tools.url } },
      temporal: { address: stack.platform.temporal.address },
      api: { enabled: false },
    });
    const done = await stack.waitForSettled(AGENT, task.id, 90_000);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(textOf(artifactOf(done, 'summary').parts)).toBe('Summary written after the restart.');
    expect(stack.model!.requests).toHaveLength(2);
  }, 120_000);
});
