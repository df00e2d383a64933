// Workflow code must stay deterministic and bundleable; tsc cannot tell, the bundler can.
import { bundleWorkflowCode } from '@temporalio/worker';
import path from 'node:path';

describe('workflow bundle', () => {
  it('bundles every workflow without Node built-ins or non-deterministic dependencies', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, '../../workflows'),
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    expect(code).toContain('echoAgentWorkflow');
    expect(code).toContain('conformanceAgentWorkflow');
    expect(code).toContain('documentVerifierWorkflow');
    expect(code).toContain('agentLoopWorkflow');
  }, 120_000);
});
