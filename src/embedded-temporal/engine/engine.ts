// Engine core: the registry of namespaces and runs, the task queues, the timer heap and the
// transaction boundary. A transaction mutates runs, then commit() writes every touched run to the
// write-ahead log *before* its effects (handing tasks to polls, waking waiters) run, so nothing a
// client sees can be lost by a crash.
import { randomUUID } from 'node:crypto';
import { Status } from '../proto/schema';
import { notFound, EngineError, Code } from '../grpc/errors';
import type { EngineLogger } from '../logger';
import { QueueRegistry } from './matching';
import type { PendingQuery, Run } from './run';
import { TimerHeap, type TimerEntry } from './timer-heap';
import { serverLimits, type EngineLimits } from './limits';
import type { DelayedVisibility } from '../visibility/delay';

export type WorkflowQueueTask =
  | { kind: 'wt'; runId: string; scheduledId: number }
  | { kind: 'query'; runId: string; queryId: string };

export interface ActivityQueueTask {
  runId: string;
  scheduledId: number;
  attempt: number;
}

export interface NamespaceState {
  name: string;
  id: string;
  /** Registered custom search attributes: name -> IndexedValueType. */
  searchAttributes: Record<string, number>;
  /** Types learnt from payload metadata for attributes nobody registered. */
  inferredTypes: Record<string, number>;
}

export interface Persistence {
  /** Synchronously appends the touched runs (and namespaces) to the log. */
  write(runs: Run[], namespaces: NamespaceState[], dropped: string[]): void;
  /** Stops writing at once; resolves when background work (a compaction) has stopped. */
  close(): Promise<void>;
}

export interface EngineTuning {
  longPollMs: number;
  /** Server defaults history.maxInFlightUpdates (10) and history.maxTotalUpdates (2000); 0 disables. */
  maxInFlightUpdates: number;
  maxTotalUpdates: number;
  stickyAliveWindowMs: number;
  retentionMs: number;
  defaultStickyTimeoutMs: number;
}

export const defaultTuning: EngineTuning = {
  longPollMs: 20_000,
  maxInFlightUpdates: 10,
  maxTotalUpdates: 2000,
  stickyAliveWindowMs: 10_000,
  retentionMs: 24 * 3600_000,
  defaultStickyTimeoutMs: 10_000,
};

export interface QueryTask {
  runId: string;
  query: PendingQuery;
}

export class Engine {
  readonly namespaces = new Map<string, NamespaceState>();
  readonly runs = new Map<string, Run>();
  /** namespace + workflowId -> the latest run of that id. */
  readonly latest = new Map<string, Run>();
  readonly workflowQueues = new QueueRegistry<WorkflowQueueTask>((t) => this.isLiveWorkflowTask(t));
  readonly activityQueues = new QueueRegistry<ActivityQueueTask>((t) => this.isLiveActivityTask(t));
  readonly queryTasks = new Map<string, QueryTask>();
  readonly timers: TimerHeap;
  persistence: Persistence | null = null;
  onTimer: (entry: TimerEntry) => void = () => undefined;
  /** The server's per-workflow limits (see limits.ts); index.ts applies the caller's overrides. */
  limits: EngineLimits = serverLimits;
  /** Delayed view for List/Count/Scan when a visibility delay is configured, else null (consistent). */
  visibility: DelayedVisibility | null = null;
  /** Runs for each changed run before the commit is written (history limits terminate runs there). */
  onRunChanged: (run: Run) => void = () => undefined;
  private inTxn = false;
  private dirty = new Set<Run>();
  private dirtyNamespaces = new Set<NamespaceState>();
  private dropped: string[] = [];
  private effects: Array<() => void> = [];
  private idSeq = 0;

  constructor(
    readonly logger: EngineLogger,
    readonly tuning: EngineTuning,
  ) {
    this.timers = new TimerHeap((entry) => {
      try {
        this.transact(() => this.onTimer(entry));
      } catch (err) {
        logger.error('timer handler failed', { kind: entry.kind, runId: entry.runId, error: (err as Error).stack });
      }
    });
  }

  private isLiveWorkflowTask(t: WorkflowQueueTask): boolean {
    if (t.kind === 'query') return this.queryTasks.has(t.queryId);
    const wt = this.runs.get(t.runId)?.state.wt;
    return !!wt && wt.scheduledId === t.scheduledId && wt.startedId === 0;
  }

  private isLiveActivityTask(t: ActivityQueueTask): boolean {
    const act = this.runs.get(t.runId)?.state.activities[t.scheduledId];
    return !!act && act.attempt === t.attempt && act.startedAt === 0;
  }

  transact<R>(fn: () => R): R {
    if (this.inTxn) return fn();
    this.inTxn = true;
    try {
      return fn();
    } finally {
      this.inTxn = false;
      this.commit();
    }
  }

  touch(run: Run): void {
    this.dirty.add(run);
  }

  touchNamespace(ns: NamespaceState): void {
    this.dirtyNamespaces.add(ns);
  }

  /** Runs after the current transaction is durable. */
  effect(fn: () => void): void {
    this.effects.push(fn);
  }

  private commit(): void {
    // Checked before writing, inside the same commit: a run over a history limit is never persisted open.
    if (this.dirty.size) {
      this.inTxn = true;
      try {
        for (const run of this.dirty) this.onRunChanged(run);
      } catch (err) {
        this.logger.error('run change hook failed', { error: (err as Error).stack });
      } finally {
        this.inTxn = false;
      }
    }
    if (this.dirty.size || this.dirtyNamespaces.size || this.dropped.length) {
      const runs = [...this.dirty];
      const namespaces = [...this.dirtyNamespaces];
      const dropped = this.dropped;
      this.dirty.clear();
      this.dirtyNamespaces.clear();
      this.dropped = [];
      this.persistence?.write(runs, namespaces, dropped);
      for (const run of runs) run.persistedEvents = run.durableState().eventCount;
    }
    while (this.effects.length) {
      const effects = this.effects;
      this.effects = [];
      for (const fn of effects) {
        try {
          fn();
        } catch (err) {
          this.logger.error('effect failed', { error: (err as Error).stack });
        }
      }
    }
  }

  runSeq = 1;
  private interned = new Map<string, string>();

  /** One copy of strings that thousands of runs repeat (task queue, type, sticky queue names). */
  intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(s, s);
    return s;
  }

  nextRunSeq(): number {
    return this.runSeq++;
  }

  /** Random per process, so ids stay unique across restarts; a counter keeps each one cheap. */
  private readonly idPrefix = randomUUID().slice(0, 8);

  newId(): string {
    return `${this.idPrefix}-${(this.idSeq++).toString(36)}`;
  }

  namespace(name: string | null | undefined): NamespaceState {
    if (!name) throw new EngineError(Code.INVALID_ARGUMENT, 'Namespace is not set on request.');
    const ns = this.namespaces.get(name);
    if (!ns) throw notFound(`Namespace ${name} is not found.`);
    return ns;
  }

  addRun(run: Run): void {
    this.runs.set(run.state.runId, run);
    this.latest.set(`${run.state.namespace}\u0000${run.state.workflowId}`, run);
  }

  dropRun(run: Run): void {
    this.runs.delete(run.state.runId);
    const key = `${run.state.namespace}\u0000${run.state.workflowId}`;
    if (this.latest.get(key) === run) this.latest.delete(key);
    this.dirty.delete(run);
    this.dropped.push(run.state.runId);
  }

  latestRun(namespace: string, workflowId: string): Run | undefined {
    return this.latest.get(`${namespace}\u0000${workflowId}`);
  }

  /** Resolves an execution reference the way the server does: empty run id means the latest run. */
  findRun(namespace: string, workflowId: string | null | undefined, runId?: string | null): Run {
    if (!workflowId) throw new EngineError(Code.INVALID_ARGUMENT, 'WorkflowId is not set on request.');
    const run = runId ? this.runs.get(runId) : this.latestRun(namespace, workflowId);
    if (!run || run.state.workflowId !== workflowId || run.state.namespace !== namespace) {
      throw notFound(`workflow execution not found: workflowId=${workflowId}${runId ? ` runId=${runId}` : ''}`);
    }
    return run;
  }

  /** Like findRun but the run must still be open. */
  findOpenRun(namespace: string, workflowId: string | null | undefined, runId?: string | null): Run {
    const run = this.findRun(namespace, workflowId, runId);
    if (run.state.status !== Status.WORKFLOW_EXECUTION_STATUS_RUNNING) throw notFound('workflow execution already completed');
    return run;
  }

  close(): Promise<void> {
    this.timers.close();
    return this.persistence?.close() ?? Promise.resolve();
  }
}
