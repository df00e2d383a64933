// Wraps the activities whose work the worker measures: MCP tool calls, model calls and push
// deliveries. The wrapper reads only the activity's input, result and failure (never content), so
// the activities stay unaware of metrics. Timing uses the monotonic clock.
import { Context } from '@temporalio/activity';
import type { Activities } from '../../activities';
import type { CallMcpToolInput, CallModelInput, CallModelResult } from '../agent-runtime/contracts';
import type { DeliverPushNotificationArgs } from '../task-runtime/activity-contract';
import type { WorkerMetrics } from './worker-metrics';

export interface MeterActivitiesOptions {
  metrics: WorkerMetrics;
  /** The agent label of an activity, from its workflow type (several agents may share one). */
  agentOf: (workflowType: string) => string;
  /** The model label when a failed call named none. */
  defaultModel?: string;
}

export function meterActivities<A extends Pick<Activities, 'callMcpTool' | 'callModel' | 'deliverPushNotification'>>(
  activities: A,
  options: MeterActivitiesOptions,
): A {
  const { metrics, agentOf } = options;
  const { callMcpTool, callModel, deliverPushNotification } = activities;
  return {
    ...activities,
    async callMcpTool(input: CallMcpToolInput) {
      const started = performance.now();
      let outcome = 'ok';
      try {
        const result = await callMcpTool(input);
        if (result.isError) outcome = 'tool-error';
        return result;
      } catch (err) {
        outcome = failureType(err);
        throw err;
      } finally {
        metrics.toolCall(String(input?.server), String(input?.tool), outcome, (performance.now() - started) / 1000);
      }
    },
    async callModel(input: CallModelInput) {
      const started = performance.now();
      const agent = agentOf(Context.current().info.workflowType ?? 'unknown');
      let result: CallModelResult | undefined;
      let outcome = 'ok';
      try {
        result = await callModel(input);
        return result;
      } catch (err) {
        outcome = failureType(err);
        throw err;
      } finally {
        const model = result?.model ?? input?.model ?? options.defaultModel ?? 'unknown';
        metrics.modelCall(agent, model, outcome, (performance.now() - started) / 1000);
        if (result) metrics.modelTokens(agent, model, result.usage.promptTokens, result.usage.completionTokens);
      }
    },
    async deliverPushNotification(args: DeliverPushNotificationArgs) {
      const attempt = Context.current().info.attempt;
      try {
        const result = await deliverPushNotification(args);
        metrics.pushDelivery('delivered', attempt);
        return result;
      } catch (err) {
        const type = failureType(err);
        metrics.pushDelivery(type === 'PushTargetRefused' ? 'refused' : type === 'PushDeliveryFailed' ? 'retryable' : 'error', attempt);
        throw err;
      }
    },
  };
}

/** An ApplicationFailure's type (bounded: our failure type constants), `canceled`, or `error`. */
function failureType(err: unknown): string {
  if (err && typeof err === 'object') {
    if ((err as { name?: unknown }).name === 'CancelledFailure') return 'canceled';
    const type = (err as { type?: unknown }).type;
    if (typeof type === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(type)) return type;
  }
  return 'error';
}
