// Reading a task's progress from history events alone: pending workflow tasks and published states.
import type { temporal } from '@temporalio/proto';
import { advance, decodeCursor, encodeCursor } from '../../api/temporal/history-progress';

type Event = temporal.api.history.v1.IHistoryEvent;
const keyword = (value: unknown) => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
const started = (state: string): Event => ({
  workflowExecutionStartedEventAttributes: { originalExecutionRunId: 'run-1', searchAttributes: { indexedFields: { A2ATaskState: keyword(state) } } },
});
const scheduled: Event = { workflowTaskScheduledEventAttributes: {} };
const taskStarted: Event = { workflowTaskStartedEventAttributes: {} };
const completed: Event = { workflowTaskCompletedEventAttributes: {} };
const upsert = (state: unknown): Event => ({ upsertWorkflowSearchAttributesEventAttributes: { searchAttributes: { indexedFields: { A2ATaskState: keyword(state) } } } });
const signaled: Event = { workflowExecutionSignaledEventAttributes: {} };

describe('history progress', () => {
  it('a new run is busy with its first workflow task and submitted', () => {
    expect(advance({ busy: false }, [started('submitted'), scheduled])).toEqual({ busy: true, runId: 'run-1', state: 'submitted' });
  });

  it('a completed workflow task that published input-required leaves the task idle in that state', () => {
    const progress = advance({ busy: false }, [started('submitted'), scheduled, taskStarted, completed, upsert('working'), upsert('input-required')]);
    expect(progress).toMatchObject({ busy: false, state: 'input-required' });
  });

  it('input after that makes the task busy again while its state still reads input-required', () => {
    const parked = advance({ busy: false }, [started('submitted'), scheduled, taskStarted, completed, upsert('input-required')]);
    expect(advance(parked, [signaled, scheduled])).toMatchObject({ busy: true, state: 'input-required' });
  });

  it('reads keyword values that older servers wrap in a list, and ignores unreadable ones', () => {
    expect(advance({ busy: false }, [upsert(['completed'])]).state).toBe('completed');
    expect(advance({ busy: false, state: 'working' }, [upsert(42)]).state).toBe('working');
  });

  it('round-trips the cursor and treats a foreign one as no cursor', () => {
    const progress = { token: 'aDox', runId: 'run-1', busy: true, state: 'working' as const };
    expect(decodeCursor(encodeCursor(progress))).toEqual(progress);
    expect(encodeCursor({ ...progress })).toBe(encodeCursor(progress));
    expect(decodeCursor(Buffer.from('h:run:3').toString('base64'))).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });
});
