// Tasks parked on (or finished by) an older worker must replay on this one: histories recorded with
// the document-verifier as it was before the fingerprint moved to the checks round and before the
// redacted copy's facts came from the redact result (both guarded by patched()) replay without
// nondeterminism. So does one recorded before visibility was published once per activation (every
// status change upserted search attributes and a memo). Recorded from the real stack; regenerate
// only by running the old code.
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFixtures, replayAll } from '../support/embedded-temporal-harness';
import { WORKFLOWS_PATH } from '../../src/worker/create-task-worker';

const recorded = (file: string) => {
  const json = JSON.parse(readFileSync(path.join(__dirname, 'histories', file), 'utf8'));
  const history = historyFromJSON(json);
  const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? file;
  return { workflowId, history };
};

describe('document-verifier histories recorded before the two-round checks', () => {
  it('replay on this worker: a verification that completed, and one approved after waiting for a person', async () => {
    const histories = [recorded('document-verifier-completed.json'), recorded('document-verifier-approved.json')];
    await expect(replayAll(await bundleFixtures(WORKFLOWS_PATH), histories)).resolves.toBe(2);
  }, 120_000);
});

describe('document-verifier history recorded while every status change upserted its own visibility', () => {
  it('replays on this worker, which publishes once per activation on new runs only', async () => {
    const history = recorded('document-verifier-visibility-per-status.json');
    await expect(replayAll(await bundleFixtures(WORKFLOWS_PATH), [history])).resolves.toBe(1);
  }, 120_000);
});
