// The codec server on the real platform with payload encryption on: requests exactly as the Temporal
// Web UI sends them (POST <endpoint>/decode, proto3 JSON `{"payloads":[…]}`, Content-Type, X-Namespace,
// the operator's bearer token, from the UI's origin) decrypt a payload taken from a task's history;
// encode → decode round-trips; plain payloads pass through; CORS answers the configured UI origin only;
// only operators get in (401 without credentials, 403 without the role); bad bodies are 400 naming why.
import { randomBytes } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { createEncryptionCodec } from '../../src/codec/encryption-codec';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { startTestServer } from '../support/a2a-test-server';
import { startTestPlatform } from '../support/platform-harness';
import { bearer, testAuthenticator } from '../security/support/auth-fixtures';
import { call, type Reply } from '../security/support/http';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const UI_ORIGIN = 'http://127.0.0.1:8233';
const OTHER_ORIGIN = 'http://evil.example:8233';
const SECRET_TEXT = `Payroll export for Quinta Vasquez ${randomBytes(4).toString('hex')}`;
const OPERATOR = { subject: 'ops-1', tenant: 'tenant-codec', roles: ['a2a-operator'] };
const USER = { subject: 'user-1', tenant: 'tenant-codec' };

const key = (id: string) => ({ id, key: new Uint8Array(randomBytes(32)) });
const OLD_KEY = key('codec-old');
const ACTIVE_KEY = key('codec-active');

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

let platform: Started;
let namespace: string;

beforeAll(async () => {
  platform = await startTestPlatform({
    authenticator: testAuthenticator().authenticator,
    temporal: { payloadCodec: createEncryptionCodec({ keys: [ACTIVE_KEY, OLD_KEY] }) },
    codecCorsOrigins: [UI_ORIGIN],
  });
  namespace = platform.temporal.namespace;
});
afterAll(() => platform?.close());

/** A codec request as the Web UI makes it (with "pass access token" on). */
async function uiRequest(operation: 'decode' | 'encode', body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return call(platform.baseUrl, 'POST', `/codec/${operation}`, {
    version: null,
    body,
    headers: { 'X-Namespace': namespace, Origin: UI_ORIGIN, ...(await bearer(OPERATOR)), ...headers },
  });
}

/** The input of the task's workflow as Temporal stores it, in proto3 JSON (what the Web UI reads from Temporal). */
async function storedInputPayload(taskId: string): Promise<Record<string, unknown>> {
  const history = await platform.client.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId: taskWorkflowId(taskId) } });
  const started = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (!payload) throw new Error('the task has no workflow input in its history');
  return temporal.api.common.v1.Payload.toObject(temporal.api.common.v1.Payload.fromObject(payload), { bytes: String }) as Record<string, unknown>;
}

describe('decode and encode, as the Web UI calls them', () => {
  it('decrypts a payload from a task’s history to its plaintext JSON', async () => {
    const sent = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
      headers: await bearer(USER),
      body: { message: { messageId: `tck-input-required-${randomBytes(4).toString('hex')}`, role: 'ROLE_USER', parts: [{ text: SECRET_TEXT }] } },
    });
    expect(sent.status).toBe(200);
    const stored = await storedInputPayload(sent.body.task.id);
    const metadata = stored.metadata as Record<string, string>;
    expect(unb64(metadata.encoding!)).toBe('binary/encrypted');
    expect(unb64(stored.data as string)).not.toContain(SECRET_TEXT);

    const reply = await uiRequest('decode', { payloads: [stored] });

    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(reply.body.payloads).toHaveLength(1);
    const [plain] = reply.body.payloads;
    expect(unb64(plain.metadata.encoding)).toBe('json/plain');
    expect(JSON.stringify(JSON.parse(unb64(plain.data)))).toContain(SECRET_TEXT);
  });

  it('round-trips encode then decode, encrypting with the active key', async () => {
    const original = { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify({ answer: 'Approved', amount: 42 })) };
    const encoded = await uiRequest('encode', { payloads: [original] });
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads;
    expect(unb64(sealed.metadata.encoding)).toBe('binary/encrypted');
    expect(unb64(sealed.metadata['encryption-key-id'])).toBe(ACTIVE_KEY.id);
    expect(unb64(sealed.data)).not.toContain('Approved');

    const decoded = await uiRequest('decode', { payloads: [sealed] });
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual([original]);
  });

  it('decrypts payloads sealed with an older key of the ring', async () => {
    const [sealed] = await createEncryptionCodec({ keys: [OLD_KEY] }).encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"from last year"') }]);
    const wire = temporal.api.common.v1.Payload.toObject(temporal.api.common.v1.Payload.fromObject(sealed!), { bytes: String });
    const reply = await uiRequest('decode', { payloads: [wire] });
    expect(reply.status).toBe(200);
    expect(unb64(reply.body.payloads[0].data)).toBe('"from last year"');
  });

  it('passes a payload that is not encrypted through unchanged', async () => {
    const plain = { metadata: { encoding: b64('json/plain'), messageType: b64('Greeting') }, data: b64('"hello"') };
    const reply = await uiRequest('decode', { payloads: [plain, { metadata: { encoding: b64('binary/null') }, data: '' }] });
    expect(reply.status).toBe(200);
    expect(reply.body.payloads).toEqual([plain, { metadata: { encoding: b64('binary/null') }, data: '' }]);
  });
});

describe('CORS for the Web UI', () => {
  const preflight = (origin: string) =>
    fetch(`${platform.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
    });

  it('answers the preflight of the configured UI origin with the methods, headers and credentials the UI uses', async () => {
    const reply = await preflight(UI_ORIGIN);
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(reply.headers.get('access-control-allow-credentials')).toBe('true');
    expect(reply.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = (reply.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
    expect(reply.headers.get('vary')).toContain('Origin');
  });

  it('refuses the preflight and the request of another origin', async () => {
    const refused = await preflight(OTHER_ORIGIN);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const post = await uiRequest('decode', { payloads: [] }, { Origin: OTHER_ORIGIN });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(post.body.error.message).toContain(OTHER_ORIGIN);
  });

  it('serves callers without an Origin (the CLI) without CORS headers', async () => {
    const reply = await call(platform.baseUrl, 'POST', '/codec/decode', { version: null, body: { payloads: [] }, headers: await bearer(OPERATOR) });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ payloads: [] });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('who may use it', () => {
  it('refuses a request without credentials with 401 and a JSON error (CORS headers kept so the UI can read it)', async () => {
    const reply = await call(platform.baseUrl, 'POST', '/codec/decode', {
      version: null,
      body: { payloads: [] },
      headers: { 'X-Namespace': namespace, Origin: UI_ORIGIN },
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error.message).toMatch(/Authentication required/);
    expect(reply.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(reply.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });

  it('refuses an authenticated principal without the operator role with 403 naming the role', async () => {
    const reply = await uiRequest('decode', { payloads: [] }, await bearer(USER));
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toContain('a2a-operator');
  });

  it('with authentication turned off (AUTH_DISABLED), is as open as the rest of the API', async () => {
    const open = await startTestServer({
      codecServer: { codec: createEncryptionCodec({ keys: [ACTIVE_KEY] }), namespace: 'default', corsOrigins: [UI_ORIGIN] },
    });
    try {
      const reply = await call(open.url, 'POST', '/codec/encode', { version: null, body: { payloads: [{ metadata: {}, data: b64('"x"') }] } });
      expect(reply.status).toBe(200);
      expect(unb64(reply.body.payloads[0].metadata.encoding)).toBe('binary/encrypted');
    } finally {
      await open.close();
    }
  });

  it('refuses another namespace, named by X-Namespace', async () => {
    const reply = await uiRequest('decode', { payloads: [] }, { 'X-Namespace': 'someone-elses' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('X-Namespace');
  });
});

describe('bad bodies', () => {
  it.each([
    ['no payloads array', {}, 'payloads'],
    ['data that is not base64', { payloads: [{ metadata: { encoding: b64('json/plain') }, data: 'not base64!' }] }, 'payloads.0.data'],
    ['metadata that is not base64', { payloads: [{ metadata: { encoding: 7 }, data: '' }] }, 'payloads.0.metadata.encoding'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const reply = await uiRequest('decode', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain(field);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const reply = await fetch(`${platform.baseUrl}/codec/encode`, {
      method: 'POST',
      headers: { ...(await bearer(OPERATOR)), 'Content-Type': 'application/json' },
      body: '{"payloads": [',
    });
    expect(reply.status).toBe(400);
  });

  it('refuses a tampered ciphertext with 400 naming the payload', async () => {
    const encoded = await uiRequest('encode', { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"x"') }] });
    const [sealed] = encoded.body.payloads;
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    const reply = await uiRequest('decode', { payloads: [{ ...sealed, data: bytes.toString('base64') }] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('payloads.0');
  });
});
