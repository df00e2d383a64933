import { getEventListeners } from 'node:events';
import { withTimeLimit } from '../../api/task-service/time-limit';

describe('withTimeLimit', () => {
  it('lets go of the caller’s signal once the work ends, so finished calls are not kept alive', async () => {
    const parent = new AbortController();
    await expect(withTimeLimit(parent.signal, 60_000, async () => 'done')).resolves.toBe('done');
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it('aborts the work when the caller goes away', async () => {
    const parent = new AbortController();
    const seen = withTimeLimit(parent.signal, 60_000, (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.aborted))));
    parent.abort();
    await expect(seen).resolves.toBe(true);
  });

  it('aborts the work when the time limit passes', async () => {
    const seen = withTimeLimit(new AbortController().signal, 1, (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(String(signal.reason)))));
    await expect(seen).resolves.toMatch(/time limit of 1 ms/);
  });
});
