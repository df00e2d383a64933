// Records a history of every workflow type through its representative paths, on the embedded engine
// with the real SDK worker and the whole stack, into test/workflows/histories/<label>/ (label: the
// UTC date, or RECORD_HISTORIES_LABEL). Run with `npm run record:histories`; never overwrites a file.
// Not a test (its name does not match *.test.ts): histories are recorded when released code changes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDocumentStack, type StackOptions } from '../support/document-stack';
import { writeHistory } from '../support/history-files';
import { agentScenarios, AGENT_VARIANTS } from './agent-scenarios';
import { DOCUMENT_AGENTS, documentScenarios, noModelScenarios } from './document-scenarios';
import { notificationScenarios, notifyAgents, RECORDING_PLATFORM } from './notification-scenarios';
import { recordProbeScenarios } from './probe-scenarios';
import { RECORDING_RETENTION, retentionScenarios } from './retention-scenarios';
import type { RecordingContext, Scenario } from './recording-context';

const label = process.env.RECORD_HISTORIES_LABEL || new Date().toISOString().slice(0, 10);
const only = process.env.RECORD_HISTORIES_ONLY ? new RegExp(process.env.RECORD_HISTORIES_ONLY) : undefined;
const selected = (scenarios: Scenario[]) => scenarios.filter((s) => !only || only.test(s.name));

let receiver: http.Server;
let hookUrl: string;
let failingHookUrl: string;

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(req.url === '/fail' ? 503 : 200).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  failingHookUrl = hookUrl.replace(/\/hook$/, '/fail');
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function recordOn(options: StackOptions, scenarios: Scenario[]): Promise<void> {
  if (scenarios.length === 0) return;
  const taskQueue = `record-${process.pid}-${Date.now()}`;
  const stack = await startDocumentStack({ ...options, workflowTaskQueue: taskQueue });
  const ctx: RecordingContext = { stack, client: stack.platform.client, taskQueue, hookUrl, failingHookUrl };
  try {
    for (const scenario of scenarios) {
      const ran = await scenario.run(ctx);
      const { workflowId, runId } = typeof ran === 'string' ? { workflowId: ran, runId: undefined } : ran;
      writeHistory(`${label}/${scenario.name}.json`, await ctx.client.workflow.getHandle(workflowId, runId).fetchHistory());
    }
  } finally {
    await stack.close();
  }
}

const agents = { ...DOCUMENT_AGENTS, ...AGENT_VARIANTS };

it('records the document, echo, conformance and push-config-keeper workflows with a model', async () => {
  await recordOn({ agents }, selected([...documentScenarios, ...agentScenarios]));
}, 600_000);

it('records the approver notifications and a decision by link', async () => {
  await recordOn({ agents: notifyAgents(hookUrl, failingHookUrl), platform: RECORDING_PLATFORM }, selected(notificationScenarios));
}, 300_000);

it('records the document agents without a model', async () => {
  await recordOn({ agents, model: false }, selected(noModelScenarios));
}, 300_000);

it('records the retention sweep', async () => {
  await recordOn({ agents, model: false, retention: RECORDING_RETENTION }, selected(retentionScenarios));
}, 120_000);

it('records the probe fixture agent (test-only workflow type)', async () => {
  await recordProbeScenarios((name) => !only || only.test(name), (name, history) => writeHistory(`${label}/${name}.json`, history));
}, 300_000);
