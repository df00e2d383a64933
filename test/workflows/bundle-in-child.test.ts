import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowsInChildProcess } from '../../src/worker/bundle-workflows';
import { WORKFLOWS_PATH } from '../../src/worker/create-task-worker';

describe('bundling workflows in a child process', () => {
  it('returns the bundle of every workflow the worker registers', async () => {
    const { code } = await bundleWorkflowsInChildProcess(WORKFLOWS_PATH);
    for (const name of ['echoAgentWorkflow', 'conformanceAgentWorkflow', 'documentVerifierWorkflow', 'agentLoopWorkflow']) {
      expect(code).toContain(name);
    }
  }, 120_000);

  it('fails with the bundler’s own message when workflow code imports a Node built-in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-workflows-'));
    writeFileSync(path.join(dir, 'index.js'), "const fs = require('fs'); exports.bad = async () => fs.readFileSync('x');\n");
    await expect(bundleWorkflowsInChildProcess(dir)).rejects.toThrow(/bundling the workflows failed: .*fs/s);
  }, 120_000);
});
