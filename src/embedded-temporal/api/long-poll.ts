// Long polls on a task queue: answer at once from the backlog, otherwise wait for a task, answering
// empty before the client's deadline (and at most `longPollMs`). A task is only handed to a live
// call, and is requeued if its response never reaches the wire.
import type { RpcContext } from '../grpc/server';
import type { TaskQueue, Waiter } from '../engine/matching';
import type { StartedTask } from '../engine/workflow-tasks';

export function longPoll<T>(o: {
  queue: TaskQueue<T>;
  ctx: RpcContext;
  maxWaitMs: number;
  start: (task: T) => StartedTask | null;
  empty: () => unknown;
  identity: string;
}): Promise<unknown> | unknown {
  o.queue.notePoller(o.identity);
  let done = false;
  let answer: ((value: unknown) => void) | null = null;
  let immediate: unknown = undefined;
  let timer: NodeJS.Timeout | undefined;
  const waiter: Waiter<T> = {
    alive: () => !done && !o.ctx.tracker.ended,
    take: (task) => {
      const started = o.start(task);
      if (!started) return 'stale';
      done = true;
      if (timer) clearTimeout(timer);
      o.ctx.tracker.onUndelivered(started.requeue);
      if (answer) answer(started.response);
      else immediate = started.response;
      return 'taken';
    },
  };
  if (o.queue.serve(waiter)) return immediate;
  const deadlineWait = Number.isFinite(o.ctx.deadline) ? o.ctx.deadline - Date.now() - 1000 : Infinity;
  const waitMs = Math.max(0, Math.min(o.maxWaitMs, deadlineWait));
  return new Promise((resolve) => {
    answer = resolve;
    o.queue.park(waiter);
    const giveUp = () => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      o.queue.unpark(waiter);
      resolve(o.empty());
    };
    timer = setTimeout(giveUp, waitMs).unref();
    o.ctx.tracker.onEnd(giveUp);
  });
}
