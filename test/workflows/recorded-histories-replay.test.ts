// Every committed history (test/workflows/histories/**.json) replays on the workflow code of this
// commit without nondeterminism, and every workflow type the worker registers has at least one: a
// change to a released command sequence that is not behind patched() fails here, and so does a new
// workflow type that nobody recorded. Histories are recorded by `npm run record:histories`.
import * as registeredWorkflows from '../../workflows';
import { WORKFLOWS_PATH } from '../../src/worker/create-task-worker';
import { WORKFLOW_TRACING_MODULES } from '../../src/telemetry/temporal-worker-tracing';
import { bundleFixtures, quietRuntime } from '../support/embedded-temporal-harness';
import { PROBE_FIXED_PATH } from './recording/probe-scenarios';
import { readAllHistories, type RecordedHistory } from './support/history-files';
import { Worker } from '@temporalio/worker';

const histories = readAllHistories();
beforeAll(() => quietRuntime());

/** Workflow types of test fixtures, replayed on the fixture's current deployment. */
const FIXTURE_WORKFLOWS: Record<string, string> = { probeAgentWorkflow: PROBE_FIXED_PATH };

const productionTypes = Object.entries(registeredWorkflows)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

/** Replays each history with the bundle; answers `file: error` for each that does not replay. */
async function replayFailures(workflowsPath: string, group: RecordedHistory[], interceptorModules?: string[]): Promise<string[]> {
  const byWorkflowId = new Map(group.map((h) => [h.workflowId, h.file]));
  const workflowBundle = await bundleFixtures(workflowsPath, interceptorModules);
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, group)) {
    replayed++;
    if (result.error) failures.push(`${byWorkflowId.get(result.workflowId)}: ${result.error.message}`);
  }
  if (replayed !== group.length) failures.push(`only ${replayed} of ${group.length} histories were replayed`);
  return failures;
}

describe('the committed workflow histories', () => {
  it('are at least one per workflow type the worker registers (workflows/index.ts)', () => {
    const recorded = new Set(histories.map((h) => h.workflowType));
    expect(productionTypes.length).toBeGreaterThan(0);
    expect(productionTypes.filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('are each of a registered workflow type or a known test fixture', () => {
    const known = new Set([...productionTypes, ...Object.keys(FIXTURE_WORKFLOWS)]);
    expect(histories.filter((h) => !known.has(h.workflowType)).map((h) => `${h.file} (${h.workflowType})`)).toEqual([]);
  });

  it('replay without nondeterminism on the workflow code of this commit', async () => {
    const production = histories.filter((h) => productionTypes.includes(h.workflowType));
    expect(production.length).toBeGreaterThanOrEqual(productionTypes.length);
    await expect(replayFailures(WORKFLOWS_PATH, production)).resolves.toEqual([]);
  }, 300_000);

  it('replay as well with the tracing interceptors bundled (production with OTEL_* set), so tracing can be turned on for running tasks', async () => {
    const production = histories.filter((h) => productionTypes.includes(h.workflowType));
    await expect(replayFailures(WORKFLOWS_PATH, production, WORKFLOW_TRACING_MODULES)).resolves.toEqual([]);
  }, 300_000);

  it('of test fixtures replay on the fixture’s current deployment', async () => {
    for (const [type, workflowsPath] of Object.entries(FIXTURE_WORKFLOWS)) {
      const group = histories.filter((h) => h.workflowType === type);
      expect(group.length).toBeGreaterThan(0);
      await expect(replayFailures(workflowsPath, group)).resolves.toEqual([]);
    }
  }, 120_000);
});
