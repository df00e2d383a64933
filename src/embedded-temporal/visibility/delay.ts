// Eventually consistent visibility, like a real cluster's: with a delay, List/Count/Scan see each
// run as it was at least `delayMs` ago (a new run not at all), so tests can prove the application
// never relies on reading its own writes there. Describe and history stay consistent, as on the server.
import { Run } from '../engine/run';

interface Pending {
  at: number;
  runId: string;
  snapshot: Run;
}

/** A detached copy of what visibility indexes; the run's maps are replaced, never mutated, on change. */
function snapshot(run: Run): Run {
  return new Run({ ...run.state });
}

export class DelayedVisibility {
  /** What List shows per run: a snapshot, or null for a run not visible yet. */
  private readonly shown = new Map<string, Run | null>();
  private readonly pending: Pending[] = [];

  constructor(private readonly delayMs: number) {}

  /** Runs that existed before this process (recovered) are visible as they are. */
  seed(run: Run): void {
    this.shown.set(run.state.runId, snapshot(run));
  }

  /** A committed change: visible after the delay. */
  record(run: Run): void {
    if (!this.shown.has(run.state.runId)) this.shown.set(run.state.runId, null);
    this.pending.push({ at: Date.now() + this.delayMs, runId: run.state.runId, snapshot: snapshot(run) });
  }

  /** The runs List/Count/Scan see now (runs deleted by retention disappear at once). */
  runs(live: Map<string, Run>): Run[] {
    const now = Date.now();
    let due = 0;
    while (due < this.pending.length && this.pending[due].at <= now) {
      const p = this.pending[due++];
      this.shown.set(p.runId, p.snapshot);
    }
    if (due > 0) this.pending.splice(0, due);
    const out: Run[] = [];
    for (const [runId, view] of this.shown) {
      if (!live.has(runId)) {
        if (!this.pending.some((p) => p.runId === runId)) this.shown.delete(runId);
        continue;
      }
      if (view) out.push(view);
    }
    return out;
  }
}
