// One SendMessage to document-verifier, on the whole stack (embedded engine, worker with the
// tracing interceptors bundled, API, the real document tool server over HTTP, the fake model), is
// one trace: API span → Temporal client span → workflow run → activity → MCP client span → the MCP
// server's tool span, linked by span ids; the model call carries GenAI attributes and no content.
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { samplePdf, sampleInconsistentInvoice, sampleInvoice } from '../../src/documents/samples';
import { WORKFLOW_TRACING_MODULES } from '../../src/telemetry/temporal-worker-tracing';
import { startTracing, type Tracing } from '../../src/telemetry/tracing';
import { WORKFLOWS_PATH } from '../../src/worker/create-task-worker';
import { step } from '../support/fake-openai';
import { APPROVER, dataPart, filePart, startDocumentStack, type Stack } from '../workflows/support/document-stack';
import { childNamed, renderTree, spansOfTrace } from './span-tree';

const AGENT = 'document-verifier';
const INVOICE_NUMBER = 'INV-2025-0042';
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let stack: Stack;
let workflowBundle: { code: string };

beforeAll(async () => {
  // Each span is handed over as it ends, so the test reads them without waiting for a batch.
  tracing = startTracing({ env: {}, defaultServiceName: 'a2a-temporal-test', exporter, batch: false });
  const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
  workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_TRACING_MODULES, logger: silent as never });
  stack = await startDocumentStack({
    tracing,
    worker: { enabled: true, workflowBundle },
    agents: { 'document-verifier': { settings: { modelStep: { heartbeatTimeoutMs: 2_000, retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000 } } } } },
  });
  stack.model!.respondWith(() => step.text('The document looks fine. Recommend: approve.'));
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await tracing?.shutdown();
});

/** Waits (bounded) until the spans hold what `found` looks for: workflow spans arrive when the run's last activation ends. */
async function eventuallySpans<T>(found: (spans: ReadableSpan[]) => T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = found(exporter.getFinishedSpans());
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`spans never matched; have: ${exporter.getFinishedSpans().map((s) => s.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a SendMessage to document-verifier', () => {
  let taskId: string;
  let trace: ReadableSpan[];
  let apiSpan: ReadableSpan;

  beforeAll(async () => {
    const task = await stack.start(AGENT, [filePart(samplePdf(sampleInvoice()), 'application/pdf', `invoice-${INVOICE_NUMBER}.pdf`)]);
    taskId = task.id;
    expect((await stack.waitForSettled(AGENT, taskId)).status.state).toBe('TASK_STATE_COMPLETED');
    apiSpan = await eventuallySpans((spans) => spans.find((s) => s.name === 'A2A SendMessage' && s.attributes['a2a.task.id'] === taskId));
    const traceId = apiSpan.spanContext().traceId;
    await eventuallySpans((spans) => spansOfTrace(spans, traceId).find((s) => s.name.startsWith('RunWorkflow:')));
    trace = spansOfTrace(exporter.getFinishedSpans(), traceId);
    if (process.env.PRINT_SPAN_TREE) process.stdout.write(`\n${renderTree(trace)}\n`);
  }, 90_000);

  it('is one trace whose parent links run from the API span down to the MCP server’s tool span', () => {
    expect(apiSpan.kind).toBe(SpanKind.SERVER);
    expect(apiSpan.parentSpanId).toBeUndefined();
    expect(apiSpan.attributes).toMatchObject({
      'a2a.method': 'SendMessage',
      'a2a.agent.id': AGENT,
      'a2a.binding': 'jsonrpc',
      'a2a.protocol.version': '1.0',
      'a2a.context.id': expect.any(String),
      'http.route': '/agents/:agentId',
      'http.response.status_code': 200,
    });
    const start = childNamed(trace, apiSpan, 'StartWorkflow:documentVerifierWorkflow');
    const run = childNamed(trace, start, 'RunWorkflow:documentVerifierWorkflow');
    const schedule = childNamed(trace, run, 'StartActivity:callMcpTool');
    const activity = childNamed(trace, schedule, 'RunActivity:callMcpTool');
    const toolCall = childNamed(trace, activity, /^tools\/call /);
    expect(toolCall.kind).toBe(SpanKind.CLIENT);
    const toolRun = childNamed(trace, toolCall, toolCall.name);
    expect(toolRun.kind).toBe(SpanKind.SERVER);
    expect(toolRun.attributes['mcp.tool.name']).toBe(toolCall.attributes['mcp.tool.name']);
  });

  it('every span of the trace carries the task id', () => {
    expect(trace.length).toBeGreaterThan(8);
    expect(trace.filter((s) => s.attributes['a2a.task.id'] !== taskId).map((s) => s.name)).toEqual([]);
  });

  it('the model call is a client span with the GenAI attributes and no prompt or document content', () => {
    const model = trace.find((s) => s.name === 'chat fake-model');
    expect(model).toBeDefined();
    expect(model!.kind).toBe(SpanKind.CLIENT);
    expect(trace.find((s) => s.spanContext().spanId === model!.parentSpanId)?.name).toBe('RunActivity:callModel');
    expect(model!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'fake-model',
      'gen_ai.response.model': expect.any(String),
      'gen_ai.usage.input_tokens': expect.any(Number),
      'gen_ai.usage.output_tokens': expect.any(Number),
    });
    expect(Object.keys(model!.attributes).filter((key) => /messages|prompt|completion/.test(key))).toEqual([]);
    const everyValue = JSON.stringify(trace.map((s) => s.attributes));
    expect(everyValue).not.toContain(INVOICE_NUMBER);
    expect(everyValue).not.toContain('Recommend: approve');
    // Workflow spans name their workflow, and nothing of its memo (task state, message text).
    const run = trace.find((s) => s.name === 'RunWorkflow:documentVerifierWorkflow');
    expect(run!.attributes).toMatchObject({ workflowId: `a2a-task-${taskId}`, 'a2a.task.id': taskId });
    expect(run!.attributes.memo).toBeUndefined();
  });
});

describe('an approval sent later, by its own request', () => {
  it('is its own trace, whose signal span links to the span that started the task', async () => {
    const task = await stack.start(AGENT, [filePart(samplePdf(sampleInconsistentInvoice()), 'application/pdf', 'invoice-INV-2025-0043.pdf')]);
    await stack.waitForState(AGENT, task.id, 'input-required');
    const reply = await stack.answer(AGENT, task.id, [dataPart({ decision: 'approve', reason: 'totals confirmed' })], APPROVER);
    expect(reply.error).toBeUndefined();
    await stack.waitForSettled(AGENT, task.id);

    const started = await eventuallySpans((spans) =>
      spans.find((s) => s.name === 'StartWorkflow:documentVerifierWorkflow' && s.attributes['a2a.task.id'] === task.id),
    );
    const handled = await eventuallySpans((spans) => spans.find((s) => s.name.startsWith('HandleSignal:') && s.attributes['a2a.task.id'] === task.id));
    expect(handled.spanContext().traceId).not.toBe(started.spanContext().traceId);
    expect(handled.links.map((link) => link.context.spanId)).toEqual([started.spanContext().spanId]);
    expect(handled.links[0].context.traceId).toBe(started.spanContext().traceId);

    // Its history, recorded with the interceptors on (trace headers on start, signal and activities), replays cleanly.
    const history = await stack.platform.client.workflow.getHandle(taskWorkflowId(task.id)).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle, replayName: 'traced approval' }, history)).resolves.toBeUndefined();
  }, 60_000);
});

describe('a caller’s W3C traceparent', () => {
  it('becomes the trace (and parent) of the request’s span', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const response = await fetch(`${stack.platform.baseUrl}/agents/${AGENT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0', traceparent: `00-${traceId}-${parentId}-01` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ListTasks', params: {} }),
    });
    expect(response.status).toBe(200);
    const span = await eventuallySpans((spans) => spans.find((s) => s.name === 'A2A ListTasks' && s.spanContext().traceId === traceId));
    expect(span.parentSpanId).toBe(parentId);
  });
});
