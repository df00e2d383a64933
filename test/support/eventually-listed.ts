// Listing (ListTasks, Temporal's List/Count) reads visibility, which a real cluster updates about a
// second after each write (the strict lane delays it too): a test that lists what it has just written
// reads again until the listing has caught up, within a deadline, and then asserts on that read.
export interface EventuallyListedOptions {
  /** Give up after this long (default 30 s): the last read is in the error. */
  timeoutMs?: number;
}

/** Reads until `caughtUp(value)` holds and returns that value; a read that throws fails at once. */
export async function eventuallyListed<T>(
  what: string,
  read: () => Promise<T>,
  caughtUp: (value: T) => boolean,
  options: EventuallyListedOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (caughtUp(value)) return value;
    if (Date.now() > end) throw new Error(`the listing never showed ${what} within ${timeoutMs} ms; last read: ${JSON.stringify(value)?.slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
