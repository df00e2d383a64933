// The inbox page's route: the built files with their content types and a strict CSP (no inline
// scripts), `/inbox` redirected to `/inbox/` (relative asset URLs need the slash), nothing outside
// the build directory, and a clear answer when the page has not been built.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let dir: string;
let built: TestServer;
let unbuilt: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inbox-route-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>inbox</title>');
  await writeFile(path.join(dir, 'inbox.js'), 'export {};');
  await writeFile(path.join(dir, 'inbox.css'), 'body{}');
  await writeFile(path.join(path.dirname(dir), `${path.basename(dir)}-secret.css`), 'outside');
  built = await startTestServer({ inbox: { dir } });
  unbuilt = await startTestServer({ inbox: { dir: path.join(dir, 'missing') } });
});

afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(path.join(path.dirname(dir), `${path.basename(dir)}-secret.css`), { force: true });
});

it('serves the page and its assets with their content types and a CSP that allows no inline script', async () => {
  for (const [file, type] of [['', 'text/html'], ['inbox.js', 'text/javascript'], ['inbox.css', 'text/css']]) {
    const reply = await built.request('GET', `/inbox/${file}`, { version: null });
    expect([file, reply.status, reply.headers.get('content-type')]).toEqual([file, 200, expect.stringContaining(type)]);
    const csp = reply.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  }
});

it('redirects /inbox to /inbox/', async () => {
  const response = await fetch(`${built.url}/inbox`, { redirect: 'manual' });
  expect([response.status, response.headers.get('location')]).toEqual([301, '/inbox/']);
});

it('serves nothing outside the build directory or of an unknown kind', async () => {
  for (const name of [`..%2F${path.basename(dir)}-secret.css`, '..%2F..%2Fetc%2Fpasswd', '.hidden.js', 'index.txt']) {
    const reply = await built.request('GET', `/inbox/${name}`, { version: null });
    expect([name, reply.status]).toEqual([name, 404]);
  }
});

it('says how to build the page when it has not been built', async () => {
  const reply = await unbuilt.request('GET', '/inbox/', { version: null });
  expect(reply.status).toBe(503);
  expect(reply.body.error.message).toMatch(/npm run build:inbox/);
});
