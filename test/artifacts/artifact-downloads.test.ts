// Artifacts outside history on the real stack: a large inline file reaches the workflow as a reference,
// the client gets a signed link that downloads the exact bytes, and every other link is refused:
// tampered, expired, for a blob the task does not reference, for a missing task or another principal's.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDownloadLinks } from '../../api/artifacts/download-links';
import { sampleInconsistentInvoice, samplePdf, sampleInvoice } from '../../src/documents/samples';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { LINK_SECRET, startArtifactsPlatform, unique, type ArtifactsPlatform } from './artifacts-harness';

let platform: ArtifactsPlatform;
beforeAll(async () => {
  platform = await startArtifactsPlatform();
}, 120_000);
afterAll(() => platform?.close());

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
const scan = randomBytes(48 * 1024);
const scanBase64 = scan.toString('base64');

type SendExtra = { taskId?: string; messageId?: string; headers?: Record<string, string> };
async function send(base: string, agent: string, parts: unknown[], extra: SendExtra = {}) {
  const response = await fetch(`${base}/agents/${agent}/message:send`, {
    method: 'POST',
    headers: { ...V1, ...extra.headers },
    body: JSON.stringify({
      message: { messageId: extra.messageId ?? unique('m'), role: 'ROLE_USER', parts, ...(extra.taskId ? { taskId: extra.taskId } : {}) },
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { task: any }).task; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const filePart = { raw: scanBase64, mediaType: 'application/pdf', filename: 'scan.pdf' };
/** The one url part of the task's history (the stored file as the client sees it). */
const urlIn = (task: { history: Array<{ parts: Array<{ url?: string }> }> }): string =>
  task.history.flatMap((m) => m.parts).find((p) => p.url !== undefined)!.url!;

/** Every payload of the run's history as text, to search for bytes that must not be there. */
async function historyText(taskId: string): Promise<string> {
  const history = await platform.client.workflow.getHandle(taskWorkflowId(taskId)).fetchHistory();
  // Payload bytes come out base64-encoded: decode them, so the payloads' own JSON is searched.
  return JSON.stringify(history).replace(/"data":"([A-Za-z0-9+/=]*)"/g, (_m, data: string) => Buffer.from(data, 'base64').toString('utf8'));
}

async function download(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(url, { method, headers });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

describe('a large inline file', () => {
  let task: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    task = await send(platform.baseUrl, 'echo', [{ text: 'please check' }, filePart]);
  });

  it('enters workflow history as a reference, never as bytes', async () => {
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    const text = await historyText(task.id);
    const blobId = new URL(urlIn(task)).pathname.split('/').pop()!;
    expect(text).toContain(blobId);
    for (const offset of [0, 20_000, scanBase64.length - 64]) expect(text).not.toContain(scanBase64.slice(offset, offset + 64));
    expect(text.length).toBeLessThan(scanBase64.length);
  });

  it('reaches the client as a signed link that downloads the exact bytes with type, name and length', async () => {
    const url = urlIn(task);
    expect(url).toMatch(new RegExp(`^${platform.baseUrl}/agents/echo/tasks/${task.id}/artifacts/[0-9a-f]{32}\\?expires=\\d+&sig=[\\w-]+$`));
    const got = await download(url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-length')).toBe(String(scan.length));
    expect(got.headers.get('content-disposition')).toContain('filename="scan.pdf"');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.body.equals(scan)).toBe(true);
  });

  it('answers HEAD with the headers only', async () => {
    const got = await download(urlIn(task), {}, 'HEAD');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(scan.length));
    expect(got.body.length).toBe(0);
  });

  it('is a signed file URI for a v0.3 client too', async () => {
    const response = await fetch(`${platform.baseUrl}/agents/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '0.3' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/get', params: { id: task.id } }),
    });
    const { result } = (await response.json()) as { result: { history: Array<{ parts: Array<{ kind: string; file?: { uri?: string; name?: string } }> }> } };
    const file = result.history.flatMap((m) => m.parts).find((p) => p.kind === 'file')!.file!;
    expect(file.name).toBe('scan.pdf');
    expect((await download(file.uri!)).body.equals(scan)).toBe(true);
  });

  it('sent as input to a waiting task also enters history as a reference', async () => {
    // The conformance agent picks its behaviour from the message id.
    const asked = await send(platform.baseUrl, 'conformance', [{ text: 'go' }], { messageId: unique('tck-input-required') });
    expect(asked.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const answered = await send(platform.baseUrl, 'conformance', [filePart], { taskId: asked.id });
    const text = await historyText(asked.id);
    expect(text).not.toContain(scanBase64.slice(1000, 1064));
    expect((await download(urlIn(answered))).body.equals(scan)).toBe(true);
  });
});

describe('the download route refuses', () => {
  let task: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let url: URL;
  beforeAll(async () => {
    task = await send(platform.baseUrl, 'echo', [filePart]);
    url = new URL(urlIn(task));
  });
  const blobOf = (u: URL) => u.pathname.split('/').pop()!;
  const errorOf = async (target: string) => {
    const got = await download(target);
    const body = got.json();
    return { status: got.status, status_: body.error.status as string, reason: body.error.details[0].reason as string, body };
  };

  it('a tampered signature, task, blob or expiry with 403, before looking anything up', async () => {
    const sig = url.searchParams.get('sig')!;
    const tampered = [
      url.href.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}AA`),
      url.href.replace(task.id, 'another-task'),
      url.href.replace(blobOf(url), 'f'.repeat(32)),
      url.href.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 60}`),
      url.href.split('?')[0],
    ];
    for (const target of tampered) {
      expect(await errorOf(target)).toMatchObject({ status: 403, status_: 'PERMISSION_DENIED', reason: 'PERMISSION_DENIED' });
    }
    expect((await errorOf(tampered[0])).body.error.details[0].metadata).toEqual({ reason: 'download-link-invalid' });
  });

  it('an expired link with 403 saying it expired', async () => {
    const past = createDownloadLinks({ secret: LINK_SECRET, ttlSeconds: 60, now: () => Date.now() - 3_600_000 });
    const expired = await errorOf(`${platform.baseUrl}${past.pathFor({ agentId: 'echo', taskId: task.id, blobId: blobOf(url) })}`);
    expect(expired).toMatchObject({ status: 403, status_: 'PERMISSION_DENIED' });
    expect(expired.body.error.message).toMatch(/expired at .*get the task again/);
    expect(expired.body.error.details[0].metadata).toEqual({ reason: 'download-link-expired' });
  });

  it('a validly signed blob the task does not reference with 404 ARTIFACT_NOT_FOUND', async () => {
    const { blobId } = await platform.store.put(new Uint8Array(Buffer.from('someone else’s file')), { mediaType: 'text/plain' });
    const links = createDownloadLinks({ secret: LINK_SECRET });
    const got = await errorOf(`${platform.baseUrl}${links.pathFor({ agentId: 'echo', taskId: task.id, blobId })}`);
    expect(got).toMatchObject({ status: 404, status_: 'NOT_FOUND', reason: 'ARTIFACT_NOT_FOUND' });
  });

  it('a link for a task that does not exist with 404 TASK_NOT_FOUND', async () => {
    const links = createDownloadLinks({ secret: LINK_SECRET });
    const got = await errorOf(`${platform.baseUrl}${links.pathFor({ agentId: 'echo', taskId: 'no-such-task', blobId: blobOf(url) })}`);
    expect(got).toMatchObject({ status: 404, status_: 'NOT_FOUND', reason: 'TASK_NOT_FOUND' });
  });

  it('a link of the same task under another agent with 404 TASK_NOT_FOUND', async () => {
    const links = createDownloadLinks({ secret: LINK_SECRET });
    const got = await errorOf(`${platform.baseUrl}${links.pathFor({ agentId: 'conformance', taskId: task.id, blobId: blobOf(url) })}`);
    expect(got).toMatchObject({ status: 404, reason: 'TASK_NOT_FOUND' });
  });
});

describe('another principal', () => {
  it('gets TaskNotFound for a valid link of someone else’s task, exactly as for a missing task', async () => {
    const alice = { 'x-test-subject': 'alice' };
    const task = await send(platform.baseUrl, 'echo', [filePart], { headers: alice });
    const link = urlIn(task);
    expect((await download(link, alice)).body.equals(scan)).toBe(true);

    const asBob = await download(link, { 'x-test-subject': 'bob' });
    expect(asBob.status).toBe(404);
    const links = createDownloadLinks({ secret: LINK_SECRET });
    const missingId = 'f0f0f0f0-0000-8000-8000-000000000000';
    const blobId = new URL(link).pathname.split('/').pop()!;
    const missing = await download(`${platform.baseUrl}${links.pathFor({ agentId: 'echo', taskId: missingId, blobId })}`, { 'x-test-subject': 'bob' });
    expect(missing.status).toBe(404);
    const normalise = (body: string, id: string) => body.replaceAll(id, '<task>');
    expect(normalise(asBob.body.toString(), task.id)).toBe(normalise(missing.body.toString(), missingId));
  });
});

describe('a principal the task granted a role', () => {
  it('downloads while the task waits for them; without the role it is TaskNotFound', async () => {
    const alice = { 'x-test-subject': 'alice' };
    const pdf = Buffer.from(samplePdf(sampleInconsistentInvoice())).toString('base64');
    const task = await send(platform.baseUrl, 'document-verifier', [{ raw: pdf, mediaType: 'application/pdf', filename: 'invoice.pdf' }], { headers: alice });
    expect(task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const link = task.artifacts.find((a: { name: string }) => a.name === 'redacted-document').parts[0].url as string;
    const asApprover = await download(link, { 'x-test-subject': 'bob', 'x-test-roles': 'approver' });
    expect(asApprover.status).toBe(200);
    expect(asApprover.body.equals((await download(link, alice)).body)).toBe(true);
    const asOther = await download(link, { 'x-test-subject': 'carol', 'x-test-roles': 'clerk' });
    expect(asOther.status).toBe(404);
    expect(asOther.json().error.details[0].reason).toBe('TASK_NOT_FOUND');
  });
});

describe('an artifact the agent stores', () => {
  let receiver: http.Server;
  const pushed: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        pushed.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('reaches the client and the webhook as signed links of that task and agent, which download the bytes', async () => {
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const pdf = samplePdf(sampleInvoice());
    const response = await fetch(`${platform.baseUrl}/agents/document-verifier/message:send`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({
        message: { messageId: unique('verify'), role: 'ROLE_USER', parts: [{ raw: Buffer.from(pdf).toString('base64'), mediaType: 'application/pdf', filename: 'invoice.pdf' }] },
        configuration: { taskPushNotificationConfig: { url: hook } },
      }),
    });
    const { task } = (await response.json()) as { task: { id: string; status: { state: string }; artifacts: Array<{ name: string; parts: Array<{ url?: string }> }> } };
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    const link = task.artifacts.find((a) => a.name === 'redacted-document')!.parts[0].url!;
    const pattern = new RegExp(`^${platform.baseUrl}/agents/document-verifier/tasks/${task.id}/artifacts/[0-9a-f]{32}\\?expires=\\d+&sig=`);
    expect(link).toMatch(pattern);
    const redacted = await download(link);
    expect(redacted.status).toBe(200);
    expect(redacted.body.toString('utf8')).toContain('Nordwind Logistics');

    // Push deliveries are asynchronous: wait for the one that carries the redacted document.
    const pushedLink = async (): Promise<string> => {
      for (let i = 0; i < 400; i++) {
        const update = pushed.map((p) => p.artifactUpdate).find((u) => u?.taskId === task.id && u.artifact.name === 'redacted-document');
        if (update) return update.artifact.parts[0].url;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no push carried the redacted document');
    };
    const viaPush = await pushedLink();
    expect(viaPush).toMatch(pattern);
    expect((await download(viaPush)).body.equals(redacted.body)).toBe(true);
  });
});
