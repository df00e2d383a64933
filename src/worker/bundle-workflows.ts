// Bundles the workflow code in a short-lived child process: webpack's memory (about 70 MB that a
// long-running worker would otherwise keep) is returned to the system when the child exits.
import { execFile } from 'node:child_process';

const CHILD_SCRIPT = `
const [workerModule, workflowsPath, ...workflowInterceptorModules] = process.argv.slice(1);
const quiet = { trace() {}, debug() {}, info() {}, log() {}, warn(m) { process.stderr.write(String(m) + '\\n'); }, error(m) { process.stderr.write(String(m) + '\\n'); } };
require(workerModule)
  .bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: quiet })
  .then((bundle) => process.stdout.write(bundle.code), (err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });
`;

/** `interceptorModules`: workflow interceptor modules bundled with the workflows (tracing's, when on). */
export function bundleWorkflowsInChildProcess(workflowsPath: string, interceptorModules: string[] = []): Promise<{ code: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD_SCRIPT, require.resolve('@temporalio/worker'), workflowsPath, ...interceptorModules],
      { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`bundling the workflows failed: ${stderr.trim() || err.message}`));
        else resolve({ code: stdout });
      },
    );
  });
}
