// Fans task events out to the task's webhooks: one ordered queue per push config, each drained by a
// loop that delivers one event at a time through an activity (Temporal retries it with backoff).
// Loops run outside the agent's cancellation scope so a canceled task still announces `canceled`.
import { CancellationScope, condition, log, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { PushNotificationConfig } from '../../src/a2a-model/types';
import type { TaskRuntimeActivities } from '../../src/task-runtime/activity-contract';
import type { SequencedEvent } from '../../src/task-runtime/task-record';

export interface PushRetrySettings {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
}

export const DEFAULT_PUSH_RETRY: PushRetrySettings = {
  initialIntervalMs: 1_000,
  maximumIntervalMs: 60_000,
  maximumAttempts: 8,
};

/** The activity retry policy of a webhook delivery (push notifications, approver notifications). */
export function webhookRetryPolicy(retry: PushRetrySettings, nonRetryableErrorTypes: string[]): RetryPolicy {
  return {
    initialInterval: retry.initialIntervalMs,
    maximumInterval: retry.maximumIntervalMs,
    backoffCoefficient: 2,
    maximumAttempts: retry.maximumAttempts,
    nonRetryableErrorTypes,
  };
}

interface PushQueue {
  config: PushNotificationConfig;
  pending: SequencedEvent[];
  running: boolean;
}

export class PushDispatcher {
  private readonly queues = new Map<string, PushQueue>();
  private readonly activities: TaskRuntimeActivities;
  /** Set before a hand-off to the next run: no delivery starts, queued events are carried instead. */
  private paused = false;

  constructor(
    private readonly taskId: string,
    private readonly agentId: string,
    retry: PushRetrySettings,
  ) {
    this.activities = proxyActivities<TaskRuntimeActivities>({
      startToCloseTimeout: '30s',
      retry: webhookRetryPolicy(retry, ['PushTargetRefused']),
    });
  }

  configs(): PushNotificationConfig[] {
    return [...this.queues.values()].map((q) => q.config);
  }

  setConfig(config: PushNotificationConfig): void {
    const existing = this.queues.get(config.id);
    if (existing) existing.config = config;
    else this.queues.set(config.id, { config, pending: [], running: false });
  }

  deleteConfig(id: string): boolean {
    return this.queues.delete(id);
  }

  enqueue(event: SequencedEvent): void {
    for (const [id, queue] of this.queues) {
      queue.pending.push(event);
      if (!queue.running && !this.paused) this.startLoop(id, queue);
    }
  }

  /** Events a previous run queued and did not deliver, delivered first (see `queued`). */
  restore(queued: Array<{ configId: string; events: SequencedEvent[] }>): void {
    for (const { configId, events } of queued) {
      const queue = this.queues.get(configId);
      if (!queue || events.length === 0) continue;
      queue.pending.unshift(...events);
      if (!queue.running && !this.paused) this.startLoop(configId, queue);
    }
  }

  pause(): void {
    this.paused = true;
  }

  /** The hand-off did not happen (the task was canceled meanwhile): deliver what is queued after all. */
  resume(): void {
    this.paused = false;
    for (const [id, queue] of this.queues) if (!queue.running && queue.pending.length > 0) this.startLoop(id, queue);
  }

  /** No delivery is in flight. */
  get idle(): boolean {
    return [...this.queues.values()].every((q) => !q.running);
  }

  queued(): Array<{ configId: string; events: SequencedEvent[] }> {
    return [...this.queues].filter(([, q]) => q.pending.length > 0).map(([configId, q]) => ({ configId, events: [...q.pending] }));
  }

  /** Resolves once every queued event has been delivered or given up on. */
  async drained(): Promise<void> {
    await condition(() => [...this.queues.values()].every((q) => !q.running && q.pending.length === 0));
  }

  private startLoop(id: string, queue: PushQueue): void {
    queue.running = true;
    void CancellationScope.nonCancellable(async () => {
      try {
        while (queue.pending.length > 0 && this.queues.get(id) === queue && !this.paused) {
          const next = queue.pending[0];
          try {
            await this.activities.deliverPushNotification({
              taskId: this.taskId,
              agentId: this.agentId,
              config: queue.config,
              event: next.event,
              seq: next.seq,
            });
          } catch (err) {
            // Retries are exhausted or the target was refused: the event is dropped for this
            // webhook only; the task itself and the other webhooks go on.
            log.warn('push notification not delivered', { configId: id, seq: next.seq, error: String(err) });
          }
          queue.pending.shift();
        }
      } finally {
        queue.running = false;
      }
    });
  }
}
