// The compact task copy a run publishes in its memo: bounded whatever the task holds, and rebuilt
// into the snapshot reads answer with when no worker runs.
import type { Message } from '../../src/a2a-model/types';
import { createTaskRecord, setStatus, updateArtifact } from '../../src/task-runtime/task-record';
import {
  isPublishedTask,
  MAX_PUBLISHED_BYTES,
  PUBLISHED_COPY_METADATA,
  publishTask,
  snapshotFromPublished,
} from '../../src/task-runtime/published-task';

const owner = { tenant: 't1', subject: 'alice' };
const user: Message = { messageId: 'm1', role: 'user', parts: [{ kind: 'text', text: 'hello' }] };
const agentSays = (text: string): Message => ({ messageId: `a-${text.length}`, role: 'agent', parts: [{ kind: 'text', text }, { kind: 'data', data: { big: 'x'.repeat(50_000) } }] });
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function bigRecord() {
  const record = createTaskRecord({ taskId: 'task-1', contextId: 'ctx-1', message: user, now: '2026-01-01T00:00:00.000Z' });
  for (let i = 0; i < 200; i++) {
    updateArtifact(record, { artifact: { artifactId: `artifact-${i}-${'i'.repeat(100)}`, name: '名前'.repeat(150), parts: [{ kind: 'text', text: 'y'.repeat(10_000) }] } });
  }
  setStatus(record, { state: 'input-required', message: agentSays('€'.repeat(5_000)), now: '2026-01-01T00:00:01.000Z' });
  return record;
}

describe('the published task copy', () => {
  it('stays within its bound however many artifacts, long names, roles and status text the task has', () => {
    const published = publishTask({ record: bigRecord(), agentId: 'echo', owner, mode: 'task', grantedRoles: Array.from({ length: 500 }, (_, i) => `role-${i}`) });
    expect(bytes(published)).toBeLessThanOrEqual(MAX_PUBLISHED_BYTES);
    expect(published.artifacts.length + (published.moreArtifacts ?? 0)).toBe(200);
    // The index keeps the newest artifacts that fit.
    expect(published.artifacts.length).toBeGreaterThan(0);
    expect(published.artifacts.length).toBeLessThan(20);
    expect(published.artifacts[published.artifacts.length - 1].artifactId).toMatch(/^artifact-199-/);
    expect(published.status.message?.parts).toEqual([{ kind: 'text', text: '€'.repeat(1_000) }]);
    expect(isPublishedTask(JSON.parse(JSON.stringify(published)))).toBe(true);
  });

  it('rebuilds the task a read answers: status as published, artifacts by index in the metadata, no content', () => {
    const record = createTaskRecord({ taskId: 'task-2', contextId: 'ctx-2', message: user, now: '2026-01-01T00:00:00.000Z' });
    updateArtifact(record, { artifact: { artifactId: 'a1', name: 'report', parts: [{ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' }] } });
    setStatus(record, { state: 'completed', message: { messageId: 'done', role: 'agent', parts: [{ kind: 'text', text: 'Done.' }] }, now: '2026-01-01T00:00:02.000Z' });
    const snapshot = snapshotFromPublished(publishTask({ record, agentId: 'echo', owner, mode: 'task', grantedRoles: ['approver'] }));
    expect(snapshot).toMatchObject({ mode: 'task', owner, agentId: 'echo', grants: { roles: ['approver'] }, seq: 2 });
    expect(snapshot.task).toEqual({
      id: 'task-2',
      contextId: 'ctx-2',
      status: { state: 'completed', timestamp: '2026-01-01T00:00:02.000Z', message: expect.objectContaining({ parts: [{ kind: 'text', text: 'Done.' }] }) },
      history: [expect.objectContaining({ messageId: 'done' })],
      metadata: { [PUBLISHED_COPY_METADATA]: { seq: 2, artifacts: [{ artifactId: 'a1', name: 'report', parts: 2 }] } },
    });
    expect(snapshotFromPublished(publishTask({ record, agentId: 'echo', owner, mode: 'task', grantedRoles: [] }), { historyLength: 0 }).task).not.toHaveProperty('history');
  });

  it('is not mistaken for anything else in a memo', () => {
    expect(isPublishedTask({ status: 'completed' })).toBe(false);
    expect(isPublishedTask(null)).toBe(false);
  });
});
