// The kill -9 test's duplicate-terminal checks, fed synthetic streams and logs: each must fire on a
// duplicate, so a clean figure from the fault run means something.
import { createTaskRecord, setStatus } from '../../src/task-runtime/task-record';
import { refusalsAfterTerminal, terminalFrames } from './support/terminal-events';
import type { TrackedFrame } from './support/stream-tracker';

const v1Status = (id: number, state: string): TrackedFrame => ({ id, payload: { statusUpdate: { taskId: 't', status: { state } } } });
const v03Status = (id: number, state: string, final = false): TrackedFrame => ({ id, payload: { kind: 'status-update', taskId: 't', status: { state }, final } });
const v1Task: TrackedFrame = { id: 0, payload: { task: { id: 't', status: { state: 'TASK_STATE_COMPLETED' } } } };
const v03Task: TrackedFrame = { id: 0, payload: { kind: 'task', id: 't', status: { state: 'completed' } } };

describe('terminal frames of one client stream', () => {
  it('count one terminal status in a clean v1.0 stream (the Task snapshot is no event)', () => {
    const frames = [v1Task, v1Status(1, 'TASK_STATE_WORKING'), v1Status(2, 'TASK_STATE_COMPLETED')];
    expect(terminalFrames(frames, false).map((f) => f.id)).toEqual([2]);
  });

  it('count a second terminal event with its own id (v1.0)', () => {
    const frames = [v1Status(1, 'TASK_STATE_WORKING'), v1Status(2, 'TASK_STATE_COMPLETED'), v1Status(3, 'TASK_STATE_FAILED')];
    expect(terminalFrames(frames, false).map((f) => f.id)).toEqual([2, 3]);
  });

  it('count the same terminal frame delivered twice, as after a resume that replays it', () => {
    const frames = [v1Status(1, 'TASK_STATE_WORKING'), v1Status(2, 'TASK_STATE_COMPLETED'), v1Status(2, 'TASK_STATE_COMPLETED')];
    expect(terminalFrames(frames, false)).toHaveLength(2);
  });

  it('read v0.3 results by kind and lowercase state', () => {
    const frames = [v03Task, v03Status(1, 'working'), v03Status(2, 'canceled', true), v03Status(3, 'completed', true)];
    expect(terminalFrames(frames, true).map((f) => f.id)).toEqual([2, 3]);
    expect(terminalFrames(frames.slice(0, 3), true).map((f) => f.id)).toEqual([2]);
  });

  it('do not count waiting states as terminal', () => {
    expect(terminalFrames([v1Status(1, 'TASK_STATE_INPUT_REQUIRED'), v1Status(2, 'TASK_STATE_AUTH_REQUIRED')], false)).toEqual([]);
    expect(terminalFrames([v03Status(1, 'input-required', true)], true)).toEqual([]);
  });
});

describe('refusals after a terminal status in the process log', () => {
  /** The task record's own refusal of a second terminal status, logged as the workflow logs it. */
  function refusalLogLine(): string {
    const record = createTaskRecord({ taskId: 'task-1', contextId: 'ctx', message: { messageId: 'm', role: 'user', parts: [] }, now: '2026-01-01T00:00:00Z' });
    setStatus(record, { state: 'completed', now: '2026-01-01T00:00:01Z' });
    try {
      setStatus(record, { state: 'completed', now: '2026-01-01T00:00:02Z' });
    } catch (err) {
      return JSON.stringify({ level: 40, component: 'temporal-sdk', error: String(err), msg: 'agent failed after its task had finished; the outcome stands' });
    }
    throw new Error('the task record accepted a second terminal status');
  }

  it('find the reducer refusing a second terminal status, by the reducer’s real message', () => {
    const output = ['{"level":30,"msg":"A2A API: http://127.0.0.1:1"}', refusalLogLine(), '{"level":40,"msg":"something else"}'].join('\n');
    expect(refusalsAfterTerminal(output)).toEqual(['task task-1 is already completed; it cannot become completed']);
  });

  it('find nothing in a clean log', () => {
    expect(refusalsAfterTerminal('{"level":30,"msg":"task completed"}\n{"level":40,"msg":"Activity failed"}')).toEqual([]);
  });
});
