// Retention on the whole stack (no model; the real tool server): every blob a task stores is in its
// task's index (uploads, documents stored by activities, tool outputs); the sweep deletes the data of
// tasks closed longer than the period, found through visibility, and keeps open and recent ones; its
// workflow sweeps on a durable timer and continues as new; an operator purges one task's data.
import type { Client } from '@temporalio/client';
import { createRetentionActivities } from '../../activities/retention';
import { createMemoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';
import type { AuditKind, AuditLog } from '../../src/audit/audit-log';
import { samplePdf, sampleInvoice } from '../../src/documents/samples';
import { createSilentLogger } from '../../src/logger';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { createActivityEnvironment, runActivity } from '../activities/support/run-activity';
import { eventuallyListed } from '../support/eventually-listed';
import { captureLogs } from '../security/support/log-capture';
import { filePart, startDocumentStack, SUBMITTER, textPart, type Stack, type WireJson } from '../workflows/support/document-stack';

const OPERATOR = 'olga|a2a-operator';
const SWEEP_ID = `retention-sweep-test-${process.pid}-${Date.now()}`;
const logs = captureLogs('info');

/** The memory store, noting which task each put named (undefined: none). */
function recordingStore(): { store: ArtifactStore; puts: Array<{ blobId: string; taskId?: string }> } {
  const inner = createMemoryArtifactStore();
  const puts: Array<{ blobId: string; taskId?: string }> = [];
  return {
    puts,
    store: {
      ...inner,
      maxBlobBytes: inner.maxBlobBytes,
      put: async (source, options) => {
        const info = await inner.put(source, options);
        puts.push({ blobId: info.blobId, ...(options.taskId ? { taskId: options.taskId } : {}) });
        return info;
      },
    },
  };
}

const recorded = recordingStore();
let stack: Stack;
let client: Client;
/** A verified document (closed first), another (closed later), and one waiting for input with an upload. */
let old: WireJson;
let recent: WireJson;
let open: WireJson;

const blobsOf = (task: WireJson) => [...new Set(recorded.puts.filter((p) => p.taskId === task.id).map((p) => p.blobId))];
const present = async (ids: string[]) => (await Promise.all(ids.map((id) => recorded.store.stat(id)))).filter(Boolean).length;
const closeTime = async (task: WireJson) => (await client.workflow.getHandle(taskWorkflowId(task.id)).describe()).closeTime!;

async function verified(): Promise<WireJson> {
  const task = await stack.start('document-verifier', [filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice.pdf')]);
  const done = await stack.waitForSettled('document-verifier', task.id);
  expect(done.status.state).toBe('TASK_STATE_COMPLETED');
  await client.workflow.getHandle(taskWorkflowId(task.id)).result();
  return done;
}

beforeAll(async () => {
  stack = await startDocumentStack({
    model: false,
    store: recorded.store,
    logger: logs.logger,
    // Nothing here closed an hour ago: this sweep deletes nothing, it shows the loop.
    retention: { periodMs: 3_600_000, sweepEveryMs: 300, sweepsPerRun: 2, workflowId: SWEEP_ID },
    // Shorter than the period: the worker warns at start-up (no run here lives long enough to be dropped).
    temporal: { embedded: { port: 0, retentionMs: 30 * 60_000 } },
  });
  client = stack.platform.client;
  old = await verified();
  recent = await verified();
  // Above the 64 KiB inline threshold: the API stores it before the task starts.
  const upload = filePart(new Uint8Array(70 * 1024).fill(65), 'application/octet-stream', 'upload.bin');
  const sent = await stack.rpc('conformance', 'SendMessage', {
    message: { messageId: `tck-input-required-${process.pid}-${Date.now()}`, role: 'ROLE_USER', parts: [textPart('go'), upload] },
    configuration: { returnImmediately: true },
  });
  open = sent.result.task;
  await stack.waitForState('conformance', open.id, 'input-required');
}, 120_000);
afterAll(async () => {
  await client?.workflow.getHandle(SWEEP_ID).terminate().catch(() => undefined);
  await stack?.close();
});

it('records every blob a task stores under that task: the upload, the stored document and the tool outputs', () => {
  expect(recorded.puts.length).toBeGreaterThanOrEqual(5);
  expect(recorded.puts.filter((p) => p.taskId === undefined)).toEqual([]);
  expect(blobsOf(old).length).toBeGreaterThanOrEqual(2);
  expect(blobsOf(open)).toHaveLength(1);
});

it('a worker warns once at start-up when the namespace drops closed runs before the sweep would see them', async () => {
  const { config } = await client.workflowService.describeNamespace({ namespace: client.options.namespace });
  // A real server (npm run test:temporal) keeps its own namespace retention, probably long enough.
  const tooShort = Number(config?.workflowExecutionRetentionTtl?.seconds) * 1000 < 3_600_000 + 300;
  const warnings = logs.lines.filter((l) => l.level === 50 && 'namespaceRetentionMs' in l);
  expect(warnings).toEqual(tooShort ? [expect.objectContaining({ namespaceRetentionMs: 30 * 60_000, retentionPeriodMs: 3_600_000 })] : []);
});

describe('the sweep activity', () => {
  it('deletes the data of a task closed longer than the period, keeping a recently closed and an open one', async () => {
    const [oldClosed, recentClosed] = [await closeTime(old), await closeTime(recent)];
    expect(oldClosed.getTime()).toBeLessThan(recentClosed.getTime());
    await eventuallyListed(
      'both tasks closed',
      async () => (await client.workflow.count(`ExecutionStatus = 'Completed' AND WorkflowId IN ('${taskWorkflowId(old.id)}', '${taskWorkflowId(recent.id)}')`)).count,
      (count) => count === 2,
    );
    const audit = recordingAudit();
    const periodMs = 1_000;
    // The clock stands where `recent` closed exactly one period ago: `old` is past the period, `recent` is not.
    const { sweepClosedTasks } = createRetentionActivities({
      client,
      store: recorded.store,
      audit,
      logger: createSilentLogger(),
      settings: { periodMs, sweepEveryMs: 60_000 },
      now: () => new Date(recentClosed.getTime() + periodMs),
      pageSize: 1,
    });
    const env = createActivityEnvironment();
    const first = await runActivity(env, sweepClosedTasks, {});
    expect(first).toMatchObject({ tasksWithData: 1, blobs: blobsOf(old).length, nextSweepInMs: 60_000, sweptUntil: recentClosed.toISOString() });
    expect(await present(blobsOf(old))).toBe(0);
    expect(await present(blobsOf(recent))).toBe(blobsOf(recent).length);
    expect(await present(blobsOf(open))).toBe(1);
    expect(audit.records.filter((r) => r.kind === 'retention-delete')).toEqual([
      { kind: 'retention-delete', fields: expect.objectContaining({ taskId: old.id, blobs: blobsOf(old).length }) },
    ]);
    expect(audit.records.filter((r) => r.kind === 'retention-sweep')).toHaveLength(1);

    // The next sweep, from where this one stopped, finds nothing more to delete.
    const again = await runActivity(env, sweepClosedTasks, { sweptUntil: first.sweptUntil });
    expect(again).toMatchObject({ tasksWithData: 0, blobs: 0 });
  });

  it('keeps the data of a task whose old run closed (terminated, as a reset does) while its latest run is open', async () => {
    // No worker polls this queue, so each run stays open until it is terminated.
    const workflowId = taskWorkflowId(`reset-${process.pid}-${Date.now()}`);
    const taskId = workflowId.slice(taskWorkflowId('').length);
    const options = { workflowId, taskQueue: `retention-idle-${process.pid}`, args: [{}] };
    const first = await client.workflow.start('echoAgentWorkflow', options);
    await first.terminate('reset');
    const terminated = (await client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe()).closeTime!;
    const second = await client.workflow.start('echoAgentWorkflow', options);
    try {
      await eventuallyListed(
        'the terminated run',
        async () => (await client.workflow.count(`ExecutionStatus = 'Terminated' AND WorkflowId = '${workflowId}'`)).count,
        (count) => count === 1,
      );
      const store = createMemoryArtifactStore();
      const blob = await store.put(new Uint8Array([1, 2, 3]), { mediaType: 'application/octet-stream', taskId });
      const periodMs = 1_000;
      const { sweepClosedTasks } = createRetentionActivities({
        client,
        store,
        audit: recordingAudit(),
        logger: createSilentLogger(),
        settings: { periodMs, sweepEveryMs: 60_000 },
        now: () => new Date(terminated.getTime() + periodMs + 1),
      });
      await runActivity(createActivityEnvironment(), sweepClosedTasks, {});
      expect(await store.stat(blob.blobId)).toBeDefined();
    } finally {
      await second.terminate().catch(() => undefined);
    }
  });

  it('deletes nothing when retention is off', async () => {
    const { sweepClosedTasks } = createRetentionActivities({
      client,
      store: recorded.store,
      audit: recordingAudit(),
      logger: createSilentLogger(),
      settings: { periodMs: undefined, sweepEveryMs: 5_000 },
      now: () => new Date(Date.now() + 86_400_000),
    });
    expect(await runActivity(createActivityEnvironment(), sweepClosedTasks, { sweptUntil: '2026-01-01T00:00:00.000Z' })).toEqual({
      tasks: 0,
      tasksWithData: 0,
      blobs: 0,
      nextSweepInMs: 5_000,
      sweptUntil: '2026-01-01T00:00:00.000Z',
    });
    expect(await present(blobsOf(recent))).toBe(blobsOf(recent).length);
  });
});

it('the sweep workflow sweeps on a durable timer and continues as new after its sweeps per run', async () => {
  const handle = client.workflow.getHandle(SWEEP_ID);
  const { runId } = await handle.describe();
  await eventuallyListed('the next run', async () => (await handle.describe()).runId, (next) => next !== runId, { timeoutMs: 20_000 });
  const events = (await client.workflow.getHandle(SWEEP_ID, runId).fetchHistory()).events ?? [];
  const kinds = events.map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')));
  expect(kinds.filter((k) => k === 'activityTaskCompletedEventAttributes')).toHaveLength(2);
  expect(kinds.filter((k) => k === 'timerFiredEventAttributes')).toHaveLength(2);
  expect(kinds.at(-1)).toBe('workflowExecutionContinuedAsNewEventAttributes');
});

describe('DELETE /admin/tasks/{taskId}/data', () => {
  const purge = (taskId: string, principal: string) =>
    fetch(`${stack.platform.baseUrl}/admin/tasks/${encodeURIComponent(taskId)}/data`, { method: 'DELETE', headers: { 'x-test-principal': principal } });
  const downloadUrl = (task: WireJson): string => task.artifacts.flatMap((a: WireJson) => a.parts).find((p: WireJson) => p.url !== undefined).url;

  it('refuses a principal without the operator role with 403 and deletes nothing', async () => {
    const response = await purge(recent.id, SUBMITTER);
    expect(response.status).toBe(403);
    expect(await present(blobsOf(recent))).toBe(blobsOf(recent).length);
    expect(logs.audit('authorization-refused')).toContainEqual(expect.objectContaining({ subject: 'alice', reason: 'not-operator', path: `/admin/tasks/${recent.id}/data` }));
  });

  it('answers TaskNotFound for an unknown task', async () => {
    const response = await purge('no-such-task', OPERATOR);
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).toMatch(/TASK_NOT_FOUND|TaskNotFound/);
  });

  it('refuses a task still running (cancel first) and keeps its data', async () => {
    const response = await purge(open.id, OPERATOR);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('task-running');
    expect(await present(blobsOf(open))).toBe(1);
  });

  it('deletes a closed task’s data for an operator and says what; GetTask still answers, its downloads are ArtifactNotFound', async () => {
    const url = downloadUrl(recent);
    expect((await fetch(url, { headers: { 'x-test-principal': SUBMITTER } })).status).toBe(200);

    const response = await purge(recent.id, OPERATOR);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { taskId: string; deletedBlobIds: string[]; deleted: number };
    expect(body.taskId).toBe(recent.id);
    expect(body.deletedBlobIds.sort()).toEqual(blobsOf(recent).sort());
    expect(await present(blobsOf(recent))).toBe(0);
    expect(logs.audit('task-data-purge')).toContainEqual(
      expect.objectContaining({ taskId: recent.id, tenant: 'acme', subject: 'olga', blobs: blobsOf(recent).length, agentId: 'document-verifier' }),
    );

    const task = (await stack.rpc('document-verifier', 'GetTask', { id: recent.id })).result;
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    const download = await fetch(downloadUrl(task), { headers: { 'x-test-principal': SUBMITTER } });
    expect(download.status).toBe(404);
    expect(JSON.stringify(await download.json())).toMatch(/ARTIFACT_NOT_FOUND|ArtifactNotFound/);

    // A second request finds nothing left to delete.
    expect(((await (await purge(recent.id, OPERATOR)).json()) as { deleted: number }).deleted).toBe(0);
  });
});

function recordingAudit(): AuditLog & { records: Array<{ kind: AuditKind; fields: Record<string, unknown> }> } {
  const records: Array<{ kind: AuditKind; fields: Record<string, unknown> }> = [];
  return { records, record: (kind, fields) => records.push({ kind, fields }) };
}
