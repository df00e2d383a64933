// `npm run demo` end to end, as a separate process like a user runs it: alone (it starts the platform
// itself, with the fake model on loopback, and approves as the development approver), against a
// server without authentication (the agent refuses the anonymous caller's approval: exit 1 with the
// reason; or, configured to let the submitter decide, accepts it), and with the clean invoice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createDeterministicResponder, startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { startTestPlatform } from '../support/platform-harness';

const ROOT = path.resolve(__dirname, '../..');
const SUMMARY = 'The invoice totals do not add up and the IBAN fails its checksum; ask the supplier before paying.';

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemoProcess(env: Record<string, string>): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    // Only what the demo needs from this environment, so a developer's own settings cannot leak in.
    const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'src/demo/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const explain = (run: DemoRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

describe('npm run demo alone', () => {
  let model: FakeOpenAiServer;
  beforeAll(async () => {
    model = await startFakeOpenAiServer({ responder: createDeterministicResponder({ summary: SUMMARY }) });
  });
  afterAll(() => model?.close());

  it('starts the platform, streams the verification, approves as the approver and prints report, findings and link', async () => {
    const run = await runDemoProcess({
      A2A_URL: 'http://127.0.0.1:1',
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'test',
      OPENAI_MODEL: 'fake-model',
    });
    expect({ code: run.code, why: explain(run) }).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('starting the platform in this process');
    expect(run.stdout).toMatch(/\[input-required\] A person must decide/);
    expect(run.stdout).toContain('→ Approving as dev-approver');
    expect(run.stdout).toMatch(/\[completed\] Approved by dev-approver/);
    expect(run.stdout).toContain('══ Report ══');
    expect(run.stdout).toContain(`✎ summary: ${SUMMARY}`); // the model's summary, shown as it streams
    expect(run.stdout).toMatch(/══ Findings ══\noutcome approved, risk [\d.]+ \(threshold [\d.]+\); [1-9]\d* error\(s\)/);
    expect(run.stdout).toMatch(/══ Redacted document ══\nhttp:\/\/127\.0\.0\.1:\d+\/agents\/document-verifier\/tasks\/[\w-]+\/artifacts\/[0-9a-f]{32}\?expires=\d+&sig=[\w-]+\n\(signed link; downloaded/);
  }, 300_000);
});

const withTools = { toolServer: { enabled: true, host: '127.0.0.1', port: 0 } };

describe('npm run demo against a running server without authentication', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    platform = await startTestPlatform(withTools);
  }, 120_000);
  afterAll(() => platform?.close());

  it('exits 1 with the reason when the agent refuses the anonymous caller’s approval', async () => {
    const run = await runDemoProcess({ A2A_URL: platform.baseUrl });
    expect({ code: run.code, why: explain(run) }).toMatchObject({ code: 1 });
    expect(run.stdout).toContain(`Using the server at ${platform.baseUrl}, without credentials.`);
    expect(run.stderr).toMatch(/demo failed: the approval was not accepted: Decision refused: anonymous does not hold an approver role/);
  }, 180_000);

  it('verifies the clean invoice with no approval and exits 0', async () => {
    const run = await runDemoProcess({ A2A_URL: platform.baseUrl, DEMO_DOCUMENT: 'clean' });
    expect({ code: run.code, why: explain(run) }).toMatchObject({ code: 0 });
    expect(run.stdout).not.toContain('Approving');
    expect(run.stdout).toMatch(/outcome verified, risk 0 /);
  }, 180_000);
});

describe('npm run demo without authentication, where the agent lets the submitter decide', () => {
  let platform: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    const openApproval = { approverRoles: [], allowSelfApproval: true };
    const agents = createAgentRegistry({ config: { agents: { 'document-verifier': { settings: openApproval } } } });
    platform = await startTestPlatform({ ...withTools, agents });
  }, 120_000);
  afterAll(() => platform?.close());

  it('approves as the anonymous caller and exits 0', async () => {
    const run = await runDemoProcess({ A2A_URL: platform.baseUrl });
    expect({ code: run.code, why: explain(run) }).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('→ Approving as the anonymous caller');
    expect(run.stdout).toMatch(/outcome approved/);
  }, 180_000);
});
