// `npm run demo`: verify the sample invoice with `document-verifier`, approve it when asked, print
// the report. Exit code 0 when the task completes, 1 with the reason otherwise (2: no server).
import { resolveDemoTarget, type DemoTarget } from './demo-target';
import { DemoError, runDemo } from './run-demo';

async function main(): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let target: DemoTarget;
  try {
    target = await resolveDemoTarget(process.env, say);
  } catch (err) {
    process.stderr.write(`demo: could not reach or start a server: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new Error('interrupted')));
  say(`Using ${target.origin}${target.userToken ? ', with bearer tokens' : ', without credentials'}.`);
  let failed = true;
  try {
    await runDemo({
      baseUrl: target.baseUrl,
      userToken: target.userToken,
      approverToken: target.approverToken,
      approverName: target.approverToken ? 'dev-approver' : 'the anonymous caller',
      document: process.env.DEMO_DOCUMENT === 'clean' ? 'clean' : 'needs-approval',
      write: (text) => process.stdout.write(text),
      signal: abort.signal,
    });
    failed = false;
    if (target.logFile) say('\n(The in-process platform stops now, and its links with it: run `npm start` first to keep a server up.)');
    return 0;
  } catch (err) {
    const reason = err instanceof DemoError || (err instanceof Error && err.name === 'A2AClientError') ? err.message : String(err);
    process.stderr.write(`\ndemo failed: ${reason}\n`);
    if (target.logFile) process.stderr.write(`The in-process platform's log is kept in ${target.logFile}\n`);
    return 1;
  } finally {
    await target.close({ keep: failed });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
