// The agent-runtime helpers are meant for workflow code: bundling a workflow that imports them all
// fails on a Node built-in or a disallowed module, which tsc alone would not catch.
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

it('bundles a workflow that imports every agent-runtime helper', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'fixtures', 'agent-runtime-workflow.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  expect(code).toContain('agentRuntimeWorkflow');
});
