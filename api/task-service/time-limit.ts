// A signal that aborts when the caller's does or when a time limit passes, released when the work
// ends. (AbortSignal.timeout + AbortSignal.any would keep every finished call, its request context
// included, alive until its timer fires: minutes, for blocking sends.)
export async function withTimeLimit<T>(parent: AbortSignal, ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`time limit of ${ms} ms reached`)), ms);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', abort);
  }
}
