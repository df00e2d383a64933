// Push notifications on the real stack: each status and artifact change reaches the webhook through
// a Temporal activity that retries with backoff, in order, with the configured credentials.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
let receiver: http.Server;
let receiverUrl: string;
const received: Array<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> = [];
let failuresLeft = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = failuresLeft > 0 ? 500 : 200;
      if (failuresLeft > 0) failuresLeft -= 1;
      received.push({ status, headers: req.headers, body: JSON.parse(body) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const fastRetry = { pushRetry: { initialIntervalMs: 50, maximumIntervalMs: 200 } };
  platform = await startTestPlatform({
    agents: createAgentRegistry({ config: { agents: { conformance: { settings: fastRetry } } } }),
  });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('push notifications', () => {
  it('delivers every change in order to a webhook that fails twice first, with its credentials', async () => {
    failuresLeft = 2;
    received.length = 0;
    const response = await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({
        message: { messageId: `tck-stream-001-push-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'push' }] },
        configuration: {
          taskPushNotificationConfig: { url: receiverUrl, token: 'client-token', authentication: { scheme: 'Bearer', credentials: 's3cret' } },
        },
      }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => received.filter((r) => r.status === 200).length === 3, 'three delivered notifications');
    const delivered = received.filter((r) => r.status === 200);
    expect(delivered.map((r) => Object.keys(r.body)[0])).toEqual(['statusUpdate', 'artifactUpdate', 'statusUpdate']);
    expect((delivered[2].body.statusUpdate as { status: { state: string } }).status.state).toBe('TASK_STATE_COMPLETED');
    // The first event was refused twice and retried by Temporal before anything later was sent.
    expect(received.slice(0, 3).map((r) => [r.status, Object.keys(r.body)[0]])).toEqual([
      [500, 'statusUpdate'],
      [500, 'statusUpdate'],
      [200, 'statusUpdate'],
    ]);
    for (const r of received) {
      expect(r.headers['content-type']).toBe('application/a2a+json');
      expect(r.headers.authorization).toBe('Bearer s3cret');
      expect(r.headers['x-a2a-notification-token']).toBe('client-token');
    }
  });

  it('pushes a streamed artifact once, whole, when its last chunk arrives (its chunks are not pushed)', async () => {
    received.length = 0;
    const response = await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({
        message: { messageId: `tck-stream-artifact-chunked-push-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'push' }] },
        configuration: { taskPushNotificationConfig: { url: receiverUrl } },
      }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => received.some((r) => JSON.stringify(r.body).includes('TASK_STATE_COMPLETED')), 'the completed notification');
    expect(received.map((r) => Object.keys(r.body)[0])).toEqual(['statusUpdate', 'artifactUpdate', 'statusUpdate']);
    const update = received[1].body.artifactUpdate as { artifact: { parts: Array<{ text: string }> }; append?: boolean; lastChunk?: boolean };
    expect(update.artifact.parts.map((p) => p.text).join('')).toBe('chunk-1 chunk-2');
    expect(update.append ?? false).toBe(false);
    expect(update.lastChunk).toBe(true);
  });

  it('refuses a webhook on a private address that is not allowlisted, naming the reason', async () => {
    const response = await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({
        message: { messageId: `tck-complete-task-private-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'x' }] },
        configuration: { taskPushNotificationConfig: { url: 'http://10.1.2.3/hook' } },
      }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/10\.1\.2\.3.*private/);
  });

  it('keeps push configs with the task: created on a waiting task, listed, and used for later changes', async () => {
    received.length = 0;
    const asked = (await (
      await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
        method: 'POST',
        headers: V1,
        body: JSON.stringify({ message: { messageId: `tck-input-required-push-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'q' }] } }),
      })
    ).json()) as { task: { id: string; contextId: string } };
    const taskId = asked.task.id;
    const created = await fetch(`${platform.baseUrl}/agents/conformance/tasks/${taskId}/pushNotificationConfigs`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({ taskId, url: receiverUrl }),
    });
    expect(created.status).toBe(201);
    const config = (await created.json()) as { id: string };
    const listed = (await (await fetch(`${platform.baseUrl}/agents/conformance/tasks/${taskId}/pushNotificationConfigs`, { headers: V1 })).json()) as {
      configs: Array<{ id: string }>;
    };
    expect(listed.configs.map((c) => c.id)).toEqual([config.id]);
    await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({ message: { messageId: `answer-${Date.now()}`, role: 'ROLE_USER', taskId, parts: [{ text: 'a' }] } }),
    });
    await waitFor(() => received.some((r) => JSON.stringify(r.body).includes('TASK_STATE_COMPLETED')), 'the completed notification');
    expect(received.map((r) => (r.body.statusUpdate as { status: { state: string } }).status.state)).toEqual([
      'TASK_STATE_WORKING',
      'TASK_STATE_COMPLETED',
    ]);
  });
});
