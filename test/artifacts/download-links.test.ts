// Download links: the HMAC covers agent, task, blob and expiry; any change, a missing part or a
// passed expiry is refused, and the renderer signs only parts that belong to a task.
import { createDownloadLinks, signedStoredPartRenderer } from '../../api/artifacts/download-links';
import { contentDisposition, referencedBlobIds } from '../../api/artifacts/download-route';
import type { Part, Task } from '../../src/a2a-model/types';

const SECRET = 'unit-test-secret-unit-test-secret-0123';
const ref = { agentId: 'echo', taskId: 'task-1', blobId: '0123456789abcdef0123456789abcdef' };
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

function query(path: string): { expires?: string; sig?: string } {
  const params = new URL(path, 'http://x').searchParams;
  return { expires: params.get('expires') ?? undefined, sig: params.get('sig') ?? undefined };
}

describe('download links', () => {
  const links = createDownloadLinks({ secret: SECRET, ttlSeconds: 600, now: () => T0 });

  it('name agent, task and blob in the path and verify as issued', () => {
    const path = links.pathFor(ref);
    expect(path.split('?')[0]).toBe(`/agents/echo/tasks/task-1/artifacts/${ref.blobId}`);
    const { expires, sig } = query(path);
    expect(Number(expires) * 1000).toBeGreaterThanOrEqual(T0 + 600_000);
    expect(links.check(ref, expires, sig)).toEqual({ ok: true });
  });

  it('are refused for another agent, task or blob, a changed expiry, or a missing signature', () => {
    const { expires, sig } = query(links.pathFor(ref));
    expect(links.check({ ...ref, agentId: 'other' }, expires, sig)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check({ ...ref, taskId: 'task-2' }, expires, sig)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check({ ...ref, blobId: 'f'.repeat(32) }, expires, sig)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, String(Number(expires) + 3600), sig)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, expires, undefined)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, undefined, sig)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, ['1', '2'], sig)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, expires, `${sig}A`)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, expires, `${sig}=`)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(links.check(ref, `0${expires}`, sig)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('are refused under another secret', () => {
    const { expires, sig } = query(links.pathFor(ref));
    const other = createDownloadLinks({ secret: `${SECRET}-rotated`, now: () => T0 });
    expect(other.check(ref, expires, sig)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('expire after their lifetime', () => {
    const { expires, sig } = query(links.pathFor(ref));
    const later = createDownloadLinks({ secret: SECRET, now: () => Number(expires) * 1000 });
    expect(later.check(ref, expires, sig)).toEqual({ ok: false, reason: 'expired', expiresAt: new Date(Number(expires) * 1000) });
  });

  it('need a secret of at least 32 bytes', () => {
    expect(() => createDownloadLinks({ secret: 'short' })).toThrow(/32 bytes/);
  });
});

describe('the signed stored-part renderer', () => {
  const links = createDownloadLinks({ secret: SECRET, now: () => T0 });
  const render = signedStoredPartRenderer(links);
  const stored = { kind: 'stored' as const, blobId: ref.blobId, size: 3, sha256: 'a'.repeat(64), mediaType: 'application/pdf', filename: 'r.pdf' };

  it('gives a signed link for a part of a task, with its media type and file name', () => {
    const part = render(stored, { agentId: 'echo', publicBaseUrl: 'https://a2a.example', taskId: 'task-1' });
    expect(part).toEqual({ kind: 'url', url: `https://a2a.example${links.pathFor(ref)}`, mediaType: 'application/pdf', filename: 'r.pdf' });
  });

  it('gives an unsigned, unservable path for a part outside any task', () => {
    const part = render(stored, { agentId: 'echo', publicBaseUrl: 'https://a2a.example' });
    expect(part.url).toBe(`https://a2a.example/agents/echo/artifacts/${ref.blobId}`);
  });
});

describe('download helpers', () => {
  it('find every blob a task shows: artifacts, history and status message', () => {
    const s = (blobId: string): Part => ({ kind: 'stored', blobId, size: 1, sha256: 'x' });
    const task: Task = {
      id: 't',
      contextId: 'c',
      status: { state: 'completed', timestamp: 'now', message: { messageId: 'm1', role: 'agent', parts: [s('b3')] } },
      artifacts: [{ artifactId: 'a', parts: [s('b1'), { kind: 'text', text: 'x' }] }],
      history: [{ messageId: 'm0', role: 'user', parts: [s('b2')] }],
    };
    expect([...referencedBlobIds(task)].sort()).toEqual(['b1', 'b2', 'b3']);
  });

  it('write a Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Rechnung "März".pdf')).toBe(
      `attachment; filename="Rechnung _M_rz_.pdf"; filename*=UTF-8''Rechnung%20%22M%C3%A4rz%22.pdf`,
    );
  });
});
