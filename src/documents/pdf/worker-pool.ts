// A small pool of worker threads for untrusted, CPU-bound jobs. Invariant: a job that times out, is
// aborted, crashes or exceeds its memory limit takes its worker down with it (terminate, never reuse),
// so a hostile input can neither hang the process nor poison a later job.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export type WorkerJobFailureKind = 'timeout' | 'aborted' | 'resource-limit' | 'crashed' | 'closed';

export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  constructor(
    readonly kind: WorkerJobFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkerPoolOptions {
  /** Absolute path of a worker script that answers `{ id, payload }` with `{ id, ok, result | error }`. */
  script: string;
  size: number;
  resourceLimits?: ResourceLimits;
  /** Recycle a worker after this many jobs, bounding whatever state a library leaks between jobs. */
  maxJobsPerWorker?: number;
}

export interface WorkerJob {
  payload: unknown;
  transfer?: ArrayBuffer[];
  /** Run time limit, counted from when a worker picks the job up (queueing is bounded by `signal`). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What the worker sent back: the job's own failure (e.g. a parse error) is data, not a pool failure. */
export type WorkerReply = { ok: true; result: unknown } | { ok: false; error: { name: string; message: string } };

export interface WorkerPool {
  run(job: WorkerJob): Promise<WorkerReply>;
  close(): Promise<void>;
}

interface PooledWorker {
  worker: Worker;
  jobs: number;
}

interface Pending {
  job: WorkerJob;
  resolve: (reply: WorkerReply) => void;
  reject: (error: WorkerJobError) => void;
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const idle: PooledWorker[] = [];
  const queue: Pending[] = [];
  // Cancels for dispatched jobs, so close() can stop work in flight instead of waiting for it.
  const inFlight = new Set<() => void>();
  let live = 0;
  let nextId = 1;
  let closed = false;

  const spawn = (): PooledWorker => {
    live += 1;
    // A library's console output in the worker would otherwise land on our stdout, which is the
    // protocol channel when the tool server runs over stdio; diagnostics belong on stderr.
    const worker = new Worker(options.script, { resourceLimits: options.resourceLimits, stdout: true });
    worker.stdout.pipe(process.stderr, { end: false });
    // Idle workers must not keep the process alive; an error between jobs just retires the worker.
    worker.on('error', () => undefined);
    // A worker's slot frees only when its thread is gone, so `size` bounds real threads; queued
    // jobs waiting for that slot start here.
    worker.once('exit', () => {
      live -= 1;
      const at = idle.findIndex((w) => w.worker === worker);
      if (at >= 0) idle.splice(at, 1);
      if (!closed) pump();
    });
    return { worker, jobs: 0 };
  };

  const pump = () => {
    while (queue.length > 0 && (idle.length > 0 || live < options.size)) {
      const pending = queue.shift() as Pending;
      dispatch(idle.pop() ?? spawn(), pending);
    }
  };

  const dispatch = (pooled: PooledWorker, { job, resolve, reject }: Pending) => {
    const { worker } = pooled;
    const id = nextId++;
    worker.ref();
    let settled = false;
    const finish = (outcome: { reply: WorkerReply } | { error: WorkerJobError }) => {
      if (settled) return;
      settled = true;
      inFlight.delete(onClose);
      clearTimeout(timer);
      job.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if ('error' in outcome) {
        void worker.terminate();
        reject(outcome.error);
      } else {
        pooled.jobs += 1;
        if (closed || pooled.jobs >= (options.maxJobsPerWorker ?? 100)) void worker.terminate();
        else {
          worker.unref();
          idle.push(pooled);
        }
        resolve(outcome.reply);
      }
      pump();
    };
    const onMessage = (message: { id: number } & WorkerReply) => {
      if (message.id === id) finish({ reply: message });
    };
    const onError = (error: Error & { code?: string }) => {
      finish({
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new WorkerJobError('resource-limit', 'the job exceeded its memory limit and was stopped')
            : new WorkerJobError('crashed', `the worker failed: ${error.message}`),
      });
    };
    const onExit = (code: number) => finish({ error: new WorkerJobError('crashed', `the worker exited with code ${code}`) });
    const onAbort = () => finish({ error: new WorkerJobError('aborted', 'the job was cancelled and stopped') });
    const onClose = () => finish({ error: new WorkerJobError('closed', 'the worker pool closed while the job ran') });
    inFlight.add(onClose);
    const timer = setTimeout(
      () => finish({ error: new WorkerJobError('timeout', `the job exceeded its time limit of ${job.timeoutMs} ms and was stopped`) }),
      job.timeoutMs,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    job.signal?.addEventListener('abort', onAbort, { once: true });
    if (job.signal?.aborted) return onAbort();
    worker.postMessage({ id, payload: job.payload }, job.transfer ?? []);
  };

  return {
    run(job) {
      if (closed) return Promise.reject(new WorkerJobError('closed', 'the worker pool is closed'));
      if (job.signal?.aborted) return Promise.reject(new WorkerJobError('aborted', 'the job was cancelled before it started'));
      return new Promise<WorkerReply>((resolve, reject) => {
        const pending: Pending = { job, resolve, reject };
        // A job cancelled while still queued leaves the queue; once dispatched, dispatch owns it.
        job.signal?.addEventListener(
          'abort',
          () => {
            const at = queue.indexOf(pending);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(new WorkerJobError('aborted', 'the job was cancelled while waiting for a worker'));
            }
          },
          { once: true },
        );
        queue.push(pending);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new WorkerJobError('closed', 'the worker pool is closed'));
      for (const cancel of [...inFlight]) cancel();
      await Promise.all(idle.splice(0).map(({ worker }) => worker.terminate()));
    },
  };
}
