// The activities the task runtime schedules, as types only: workflows proxy them, activities/
// implements them (type-checked against this interface), and neither imports the other.
import type { PushNotificationConfig, StreamEvent } from '../a2a-model/types';

export interface DeliverPushNotificationArgs {
  taskId: string;
  /** The agent whose task this is: the payload's download links are signed for it. */
  agentId: string;
  config: PushNotificationConfig;
  /** The change to deliver, in the internal model; the activity renders the wire payload. */
  event: StreamEvent;
  seq: number;
}

export interface DeliverPushNotificationResult {
  status: number;
  attempts: number;
}

export interface TaskRuntimeActivities {
  /** POSTs one event to one webhook; throws on a retryable failure so Temporal retries with backoff. */
  deliverPushNotification(args: DeliverPushNotificationArgs): Promise<DeliverPushNotificationResult>;
}
