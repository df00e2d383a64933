// Reads behave as on a real cluster: a history page token keeps reading the run it came from (even
// once the workflow id has a newer run), and with a visibility delay List/Count see a change only
// after it, while Describe stays consistent.
import * as activities from './fixtures/limit-activities';
import { bundleFixtures, eventually, runWorker, startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);

let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
let h: Harness;

beforeAll(async () => {
  bundle = await bundleFixtures(require.resolve('./fixtures/limit-workflows'));
  h = await startHarness({ tuning: { longPollMs: 3000 }, visibilityDelayMs: 1500 });
});
afterAll(async () => h?.close());

test('a history page token reads its own run after the workflow id gets a new run, and is refused for another run', async () => {
  const taskQueue = uniqueId('pages');
  const workflowId = uniqueId('pages');
  const worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities });
  try {
    const first = await h.client.workflow.start('doneWorkflow', { taskQueue, workflowId, args: ['one'] });
    await first.result();
    const ws = h.connection.workflowService;
    const page1 = await ws.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, maximumPageSize: 2 });
    expect(page1.nextPageToken?.length).toBeGreaterThan(0);
    const second = await h.client.workflow.start('doneWorkflow', { taskQueue, workflowId, args: ['two'] });
    await second.result();

    const page2 = await ws.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, maximumPageSize: 100, nextPageToken: page1.nextPageToken });
    expect(page2.history!.events![0].eventId!.toString()).toBe('3');
    const closed = page2.history!.events![page2.history!.events!.length - 1];
    expect(closed.workflowExecutionCompletedEventAttributes?.newExecutionRunId ?? '').toBe('');
    const all = await h.client.workflow.getHandle(workflowId, first.firstExecutionRunId).fetchHistory();
    expect(page2.history!.events!.length).toBe(all.events!.length - 2);

    await expect(
      ws.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId, runId: second.firstExecutionRunId }, nextPageToken: page1.nextPageToken }),
    ).rejects.toMatchObject({ code: 3, details: 'RunId in the request does not match the NextPageToken.' });
  } finally {
    await worker.stop();
  }
});

test('with a visibility delay, List and Count see a new run only after the delay; Describe sees it at once', async () => {
  const taskQueue = uniqueId('visibility');
  const workflowId = uniqueId('visibility');
  const handle = await h.client.workflow.start('waitingWorkflow', { taskQueue, workflowId });
  const query = `WorkflowId = '${workflowId}'`;
  const list = async () => {
    const ids: string[] = [];
    for await (const w of h.client.workflow.list({ query })) ids.push(w.workflowId);
    return ids;
  };
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect(await list()).toEqual([]);
  expect((await h.client.workflow.count(query)).count).toBe(0);
  await eventually('the run listed', async () => (await list()).length === 1);
  expect((await h.client.workflow.count(query)).count).toBe(1);

  await handle.terminate('done');
  expect((await handle.describe()).status.name).toBe('TERMINATED');
  const [listed] = await (async () => {
    const rows = [];
    for await (const w of h.client.workflow.list({ query })) rows.push(w);
    return rows;
  })();
  expect(listed.status.name).toBe('RUNNING');
  await eventually('the termination listed', async () => {
    for await (const w of h.client.workflow.list({ query })) return w.status.name === 'TERMINATED';
    return false;
  });
});
