// Many machines, one store: the engine (`npm run engine`), two API-only processes and two worker
// processes (`npm run worker`), each with its own data directory as on its own machine, share one
// S3-compatible bucket (s3rver on loopback) and the settings a deployment shares: payload keys,
// download-link secret, JWT secret, ARTIFACT_STORE_URL. A document sent through API A is stored in the
// bucket, verified by a worker, and its redacted copy downloads through API B byte for byte.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mintHs256Token } from '../../src/auth/mint-token';
import { ALL_AGENTS_SCOPE } from '../../src/auth/scopes';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';
import { spawnEngine, type EngineProcess } from '../support/embedded-temporal-process';
import { startS3Server, type S3TestServer } from '../support/s3-server';
import { killStack, newPayloadKeySpec, spawnStack, spawnWorkerProcess, type StackProcess } from '../support/stack-process';

const BUCKET = 'shared-artifacts';
const JWT_SECRET = randomBytes(32).toString('base64url');

let root: string;
let s3: S3TestServer;
let engine: EngineProcess | undefined;
let apiA: StackProcess;
let apiB: StackProcess;
const processes: StackProcess[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'multi-machine-'));
  [s3, engine] = await Promise.all([startS3Server(), spawnEngine(['--port', '0'])]);
  await s3.createBucket(BUCKET);
  const shared = {
    TEMPORAL_ADDRESS: engine.address,
    ARTIFACT_STORE_URL: `s3://${BUCKET}/a2a`,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    PAYLOAD_ENCRYPTION_KEYS: newPayloadKeySpec('fleet'),
    ARTIFACT_URL_SECRET: randomBytes(32).toString('base64url'),
    AUTH_JWT_SECRET: JWT_SECRET,
    // Documents above 1 KiB go to the bucket before the message enters history, so the worker reads
    // API A's upload from there and API B the worker's redacted copy.
    ARTIFACT_INLINE_THRESHOLD_BYTES: '1024',
  };
  const machine = (name: string) => mkdtempSync(path.join(root, `${name}-`));
  const started = await Promise.all([
    spawnStack({ dataDir: machine('api-a'), env: { ...shared, RUN_WORKER: 'false' } }),
    spawnStack({ dataDir: machine('api-b'), env: { ...shared, RUN_WORKER: 'false' } }),
    spawnWorkerProcess({ dataDir: machine('worker-1'), env: shared }),
    spawnWorkerProcess({ dataDir: machine('worker-2'), env: shared }),
  ]);
  processes.push(...started);
  [apiA, apiB] = started;
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => killStack(p)));
  if (engine && engine.child.exitCode === null) {
    engine.child.kill('SIGKILL');
    await engine.exited;
  }
  await s3?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('a document sent through API A is verified by a worker and its redacted copy downloads through API B', async () => {
  const token = await mintHs256Token(
    { subject: 'clerk-1', tenant: 'acme', scopes: [ALL_AGENTS_SCOPE] },
    { secret: new TextEncoder().encode(JWT_SECRET), issuer: 'a2a-temporal', audience: 'a2a-temporal', ttlSeconds: 600 },
  );
  const headers = { 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${token}` };
  const pdf = Buffer.from(samplePdf(sampleInvoice()));
  expect(pdf.byteLength).toBeGreaterThan(1024);

  const response = await fetch(`${apiA.apiUrl}/agents/document-verifier/message:send`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      message: { messageId: `multi-${randomBytes(4).toString('hex')}`, role: 'ROLE_USER', parts: [{ raw: pdf.toString('base64'), mediaType: 'application/pdf', filename: 'invoice.pdf' }] },
    }),
  });
  const body = (await response.json()) as { task: { id: string; status: { state: string }; artifacts: Array<{ name: string; parts: Array<{ url?: string }> }> } };
  expect(response.status).toBe(200);
  expect(body.task.status.state).toBe('TASK_STATE_COMPLETED');
  const linkA = body.task.artifacts.find((a) => a.name === 'redacted-document')!.parts[0]!.url!;
  expect(linkA.startsWith(`${apiA.apiUrl}/`)).toBe(true);

  const fromA = await fetch(linkA, { headers: { authorization: headers.authorization } });
  expect(fromA.status).toBe(200);
  const redacted = Buffer.from(await fromA.arrayBuffer());
  expect(redacted.toString('utf8')).toContain('Nordwind Logistics');

  // The same signed link, answered by the other API machine.
  const linkB = apiB.apiUrl + linkA.slice(apiA.apiUrl.length);
  const fromB = await fetch(linkB, { headers: { authorization: headers.authorization } });
  expect(fromB.status).toBe(200);
  expect(Buffer.from(await fromB.arrayBuffer()).equals(redacted)).toBe(true);

  // The bytes live in the bucket (sent document, extracted text, redacted copy...), not on any machine.
  const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'a2a/blobs/' }));
  expect((listed.Contents ?? []).filter((o) => o.Key!.endsWith('.json')).length).toBeGreaterThanOrEqual(2);
});
