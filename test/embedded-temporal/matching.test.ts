// Pure unit tests of the task-queue and timer-heap building blocks: a task is never handed to a poll
// that has ended, stale refs are dropped, and timers fire in due order.
import { TaskQueue, type Waiter } from '../../src/embedded-temporal/engine/matching';
import { TimerHeap, type TimerEntry } from '../../src/embedded-temporal/engine/timer-heap';

function waiter(alive: boolean, sink: string[], result: 'taken' | 'stale' = 'taken'): Waiter<string> {
  return { alive: () => alive, take: (t) => (sink.push(t), result) };
}

describe('task queue', () => {
  test('a task offered while only ended polls wait stays queued for the next live poll', () => {
    const q = new TaskQueue<string>();
    const dead: string[] = [];
    q.park(waiter(false, dead));
    q.offer('t1');
    expect(dead).toEqual([]);
    const live: string[] = [];
    expect(q.serve(waiter(true, live))).toBe(true);
    expect(live).toEqual(['t1']);
  });

  test('a waiting live poll gets the task directly, in FIFO order of polls', () => {
    const q = new TaskQueue<string>();
    const first: string[] = [];
    const second: string[] = [];
    q.park(waiter(true, first));
    q.park(waiter(true, second));
    q.offer('a');
    expect(first).toEqual(['a']);
    expect(second).toEqual([]);
  });

  test('serve skips stale refs until it finds a valid task', () => {
    const q = new TaskQueue<string>();
    q.offer('stale-1');
    q.offer('good');
    const seen: string[] = [];
    const w: Waiter<string> = { alive: () => true, take: (t) => (seen.push(t), t === 'good' ? 'taken' : 'stale') };
    expect(q.serve(w)).toBe(true);
    expect(seen).toEqual(['stale-1', 'good']);
    expect(q.serve(w)).toBe(false);
  });

  test('a queue nobody polls drops stale refs instead of growing forever', () => {
    const live = new Set<string>();
    const q = new TaskQueue<string>((t) => live.has(t));
    for (let i = 0; i < 1000; i++) q.offer(`t${i}`);
    live.add('t999');
    q.offer('t1000');
    live.add('t1000');
    expect(q.tasks.length).toBeLessThan(300);
  });
});

describe('timer heap', () => {
  test('entries fire in due order, ties in scheduling order', async () => {
    const fired: string[] = [];
    const done = new Promise<void>((resolve) => {
      const heap = new TimerHeap((e: TimerEntry) => {
        fired.push(e.key);
        if (fired.length === 4) {
          heap.close();
          resolve();
        }
      });
      const now = Date.now();
      heap.schedule(now + 30, 'user-timer', 'r', 'c');
      heap.schedule(now + 10, 'user-timer', 'r', 'a');
      heap.schedule(now + 10, 'user-timer', 'r', 'b');
      heap.schedule(now - 5, 'user-timer', 'r', 'overdue');
    });
    await done;
    expect(fired).toEqual(['overdue', 'a', 'b', 'c']);
  });
});
