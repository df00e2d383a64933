// The shared task feed's polling rhythm, on fake timers with a fake gateway: no pause after a long
// poll that ran its course (a change landing in a pause would reach streams late), a growing pause
// after answers without news that come back early (so a server not holding long polls is not spun).
import type { TaskChange, TaskGateway } from '../../api/temporal/task-gateway';
import { TaskFeeds, type FeedSubscriber } from '../../api/task-service/task-feed';
import { createSilentLogger } from '../../src/logger';

const MAX_WAIT = 1_000;
const PAUSE = 5_000;

/** A gateway whose long polls take `holdMs` and never report a change after the first one. */
function idleGateway(holdMs: number): { gateway: TaskGateway; polls: () => number } {
  let polls = 0;
  const waitForChange = async (_taskId: string, cursor: string | undefined): Promise<TaskChange> => {
    polls += 1;
    if (cursor === undefined) return { cursor: 'c1', closed: false, busy: true };
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    return { cursor, closed: false, busy: false };
  };
  return { gateway: { waitForChange } as unknown as TaskGateway, polls: () => polls };
}

const subscriber: FeedSubscriber = { lastSeq: 0, deliver() {}, fail() {} };
const feedsOn = (gateway: TaskGateway) =>
  new TaskFeeds({ gateway, logger: createSilentLogger(), maxWaitMs: MAX_WAIT, minIdlePauseMs: PAUSE, maxIdlePauseMs: PAUSE });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('an idle task feed', () => {
  it('waits again at once after a long poll that ran its full time without news', async () => {
    const { gateway, polls } = idleGateway(MAX_WAIT);
    const feeds = feedsOn(gateway);
    const unsubscribe = feeds.subscribe('t', subscriber);
    await jest.advanceTimersByTimeAsync(3 * MAX_WAIT);
    expect(polls()).toBe(1 + 3 + 1); // the first read, three full waits, and the fourth under way
    unsubscribe();
  });

  it('pauses after answers without news that come back early', async () => {
    const { gateway, polls } = idleGateway(0);
    const feeds = feedsOn(gateway);
    const unsubscribe = feeds.subscribe('t', subscriber);
    await jest.advanceTimersByTimeAsync(PAUSE - 1);
    expect(polls()).toBe(2); // the first read, one early answer, then the pause
    await jest.advanceTimersByTimeAsync(1);
    expect(polls()).toBe(3);
    unsubscribe();
  });
});
