import type { Message } from '../../src/a2a-model/types';
import { createTaskRecord, setStatus, updateArtifact } from '../../src/task-runtime/task-record';
import { eventsSince, viewTask } from '../../src/task-runtime/task-view';

const userMessage: Message = { messageId: 'm1', role: 'user', parts: [{ kind: 'text', text: 'hi' }] };
const now = '2026-01-01T00:00:00.000Z';
const newRecord = () => createTaskRecord({ taskId: 't1', contextId: 'c1', message: userMessage, now });

describe('task record', () => {
  it('starts submitted at sequence 0 with the creating message in history, stamped with task and context', () => {
    const record = newRecord();
    expect(record.seq).toBe(0);
    expect(record.task.status.state).toBe('submitted');
    expect(record.task.history).toEqual([{ ...userMessage, taskId: 't1', contextId: 'c1' }]);
  });

  it('numbers every status and artifact change consecutively', () => {
    const record = newRecord();
    const a = setStatus(record, { state: 'working', now });
    const b = updateArtifact(record, { artifact: { artifactId: 'a', parts: [{ kind: 'text', text: 'x' }] } });
    const c = setStatus(record, { state: 'completed', now });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(record.log.map((e) => e.event.kind)).toEqual(['status-update', 'artifact-update', 'status-update']);
  });

  it('merges appended text chunks into one artifact while each event carries only its chunk', () => {
    const record = newRecord();
    updateArtifact(record, { artifact: { artifactId: 'a', parts: [{ kind: 'text', text: 'chunk-1 ' }] }, lastChunk: false });
    const last = updateArtifact(record, {
      artifact: { artifactId: 'a', parts: [{ kind: 'text', text: 'chunk-2' }] },
      append: true,
      lastChunk: true,
    });
    expect(record.task.artifacts).toEqual([{ artifactId: 'a', parts: [{ kind: 'text', text: 'chunk-1 chunk-2' }] }]);
    expect(last.event).toMatchObject({ kind: 'artifact-update', append: true, lastChunk: true });
    expect(last.event.kind === 'artifact-update' && last.event.artifact.parts).toEqual([{ kind: 'text', text: 'chunk-2' }]);
  });

  it('refuses any change after a terminal state, so a finished task can never move again', () => {
    const record = newRecord();
    setStatus(record, { state: 'canceled', now });
    expect(() => setStatus(record, { state: 'working', now })).toThrow(/already canceled/);
    expect(() => updateArtifact(record, { artifact: { artifactId: 'a', parts: [] } })).toThrow(/canceled/);
  });

  it('keeps the agent status message in history and on the status', () => {
    const record = newRecord();
    const ask: Message = { messageId: 'm2', role: 'agent', parts: [{ kind: 'text', text: 'which one?' }] };
    setStatus(record, { state: 'input-required', message: ask, now });
    expect(record.task.status.message?.messageId).toBe('m2');
    expect(record.task.history?.map((m) => m.messageId)).toEqual(['m1', 'm2']);
  });
});

describe('task views', () => {
  it('returns exactly the events after the given sequence number', () => {
    const record = newRecord();
    for (const state of ['working', 'input-required', 'working', 'completed'] as const) setStatus(record, { state, now });
    expect(eventsSince(record, 2).events.map((e) => e.seq)).toEqual([3, 4]);
    expect(eventsSince(record, 4)).toEqual({ events: [], gap: false });
    expect(eventsSince(record, 0).gap).toBe(false);
  });

  it('reports a gap when the bounded log dropped events the subscriber has not seen', () => {
    const record = newRecord();
    for (let i = 0; i < 5; i++) updateArtifact(record, { artifact: { artifactId: `a${i}`, parts: [] } }, 3);
    expect(record.log.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(eventsSince(record, 1).gap).toBe(true);
    expect(eventsSince(record, 2)).toEqual({ events: record.log, gap: false });
  });

  it('trims history to the most recent n messages, none for 0, all when unset', () => {
    const record = newRecord();
    setStatus(record, { state: 'input-required', now, message: { messageId: 'm2', role: 'agent', parts: [] } });
    expect(viewTask(record.task).history?.length).toBe(2);
    expect(viewTask(record.task, { historyLength: 1 }).history?.map((m) => m.messageId)).toEqual(['m2']);
    expect(viewTask(record.task, { historyLength: 0 }).history).toBeUndefined();
    expect(viewTask(record.task, { includeArtifacts: false })).not.toHaveProperty('artifacts');
  });
});
