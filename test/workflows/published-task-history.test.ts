// What a new run writes to publish its task (behind patched('published-task-memo')): every state it
// publishes, in the workflow task that reached it, with the compact copy beside it, and a history that
// replays. A run recorded with this code (histories/conformance-published-task-memo.json) replays too,
// so a later change to the publisher must go behind its own patch. Set RECORD_PUBLISHED_HISTORY=1 to
// write that file again (only with the code that recorded it).
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { readFileSync, writeFileSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import path from 'node:path';
import { PUBLISHED_TASK_MEMO, type PublishedTask } from '../../src/task-runtime/published-task';
import { taskSearchAttributes } from '../../src/task-runtime/contract';
import { WORKFLOWS_PATH } from '../../src/worker/create-task-worker';
import { bundleFixtures, eventTypes, replayAll } from '../support/embedded-temporal-harness';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform?.close());

const FIXTURE = path.join(__dirname, 'histories', 'conformance-published-task-memo.json');
const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
// Wire JSON, read field by field.
async function send(params: unknown, agent = 'conformance'): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${platform.baseUrl}/agents/${agent}`, {
    method: 'POST',
    headers: V1,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}
const message = (messageId: string, extra: Record<string, unknown> = {}) => ({ message: { messageId, role: 'ROLE_USER', parts: [{ text: 'hi' }], ...extra } });

/** Per workflow task: the states its search attributes published and the copies its memo did. */
async function publications(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>) {
  const converter = platform.client.options.loadedDataConverter;
  const published: Array<{ states: string[]; copies: PublishedTask[] }> = [];
  const markers: string[] = [];
  for (const event of history.events ?? []) {
    if (event.workflowTaskCompletedEventAttributes) published.push({ states: [], copies: [] });
    const current = published[published.length - 1];
    // Patch markers are written by the SDK's core as plain JSON, never through the payload codec.
    const marker = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    if (marker) markers.push(Buffer.from(marker).toString('utf8'));
    const state = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[taskSearchAttributes.state.name];
    if (state?.data) current.states.push(JSON.parse(Buffer.from(state.data).toString('utf8')));
    const copy = event.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields?.[PUBLISHED_TASK_MEMO];
    if (copy) current.copies.push(await decodeFromPayloadsAtIndex<PublishedTask>(converter, 0, [copy]));
  }
  return { published, markers };
}

describe('a task run publishing its compact copy', () => {
  it('an agent that settles in its first workflow task publishes once, when it settles', async () => {
    const task = (await send(message(unique('echo')), 'echo')).task;
    const handle = platform.client.workflow.getHandle(`a2a-task-${task.id}`);
    await handle.result();
    const { published } = await publications(await handle.fetchHistory());
    expect(published.flatMap((p) => p.states)).toEqual(['completed']);
    expect(published.flatMap((p) => p.copies)).toEqual([expect.objectContaining({ status: expect.objectContaining({ state: 'completed' }), artifacts: [{ artifactId: 'echo', name: 'echo', parts: 1 }] })]);
  }, 60_000);

  it('publishes each state with its copy in the workflow task that reached it, and replays', async () => {
    const asked = (await send(message(unique('tck-input-required')))).task;
    await send(message(unique('answer'), { taskId: asked.id }));
    const handle = platform.client.workflow.getHandle(`a2a-task-${asked.id}`);
    await handle.result();
    const history = await handle.fetchHistory();
    const { published, markers } = await publications(history);
    expect(markers.join()).toContain('published-task-memo');
    expect(markers.join()).not.toContain('visibility-once-per-activation');
    const states = published.flatMap((p) => p.states);
    expect(states).toEqual(['input-required', 'working', 'completed']);
    for (const { states: inTask, copies } of published) expect(copies.map((c) => c.status.state)).toEqual(inTask);
    const last = published.flatMap((p) => p.copies).pop();
    expect(last).toMatchObject({ taskId: asked.id, mode: 'task', status: { state: 'completed' } });
    expect(eventTypes(history).pop()).toBe('WORKFLOW_EXECUTION_COMPLETED');

    await expect(replayAll(await bundleFixtures(WORKFLOWS_PATH), [{ workflowId: handle.workflowId, history }])).resolves.toBe(1);
    if (process.env.RECORD_PUBLISHED_HISTORY === '1') writeFileSync(FIXTURE, historyToJSON(history));
  }, 120_000);

  it('a run recorded with the publisher replays on this worker', async () => {
    const json = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    const history = historyFromJSON(json);
    const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? 'recorded';
    await expect(replayAll(await bundleFixtures(WORKFLOWS_PATH), [{ workflowId, history }])).resolves.toBe(1);
  }, 120_000);
});
