// The worker's activity series: MCP tool calls by server, tool and outcome with latency, model calls
// and tokens by agent and model, push deliveries by outcome and attempt. Counted per activity
// attempt, where the work happens (a retried call counts each attempt).
import type { Registry } from 'prom-client';
import { CALL_BUCKETS } from './buckets';
import { counterFamily, histogramFamily } from './families';

export interface WorkerMetrics {
  /** `outcome`: ok, tool-error (the tool's isError result), or the failure's type. */
  toolCall(server: string, tool: string, outcome: string, seconds: number): void;
  modelCall(agent: string, model: string, outcome: string, seconds: number): void;
  modelTokens(agent: string, model: string, input: number, output: number): void;
  /** `attempt` is the activity attempt, capped so the label stays bounded. */
  pushDelivery(outcome: string, attempt: number): void;
}

/** Attempts past this one share a label (`5+`). */
const MAX_ATTEMPT_LABEL = 5;

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const toolCalls = counterFamily(registry, {
    name: 'a2a_tool_calls_total',
    help: 'MCP tool calls, by server, tool and outcome (ok, tool-error, or the failure type).',
    labelNames: ['server', 'tool', 'outcome'],
  });
  const toolSeconds = histogramFamily(registry, {
    name: 'a2a_tool_call_duration_seconds',
    help: 'MCP tool call latency, by server and tool.',
    labelNames: ['server', 'tool'],
    buckets: CALL_BUCKETS,
  });
  const modelCalls = counterFamily(registry, {
    name: 'a2a_model_calls_total',
    help: 'Model (chat completion) calls, by agent, model and outcome (ok or the failure type).',
    labelNames: ['agent', 'model', 'outcome'],
  });
  const modelSeconds = histogramFamily(registry, {
    name: 'a2a_model_call_duration_seconds',
    help: 'Model call latency, by agent and model.',
    labelNames: ['agent', 'model'],
    buckets: CALL_BUCKETS,
  });
  const tokens = counterFamily(registry, {
    name: 'a2a_model_tokens_total',
    help: 'Model tokens, by agent, model and type (input: the prompt, output: the completion).',
    labelNames: ['agent', 'model', 'type'],
  });
  const pushes = counterFamily(registry, {
    name: 'a2a_push_deliveries_total',
    help: 'Push notification delivery attempts, by outcome (delivered, retryable, refused, error) and attempt number.',
    labelNames: ['outcome', 'attempt'],
  });

  return {
    toolCall(server, tool, outcome, seconds) {
      toolCalls.inc(server, tool, outcome);
      toolSeconds.observe(seconds, server, tool);
    },
    modelCall(agent, model, outcome, seconds) {
      modelCalls.inc(agent, model, outcome);
      modelSeconds.observe(seconds, agent, model);
    },
    modelTokens(agent, model, input, output) {
      if (input > 0) tokens.inc(agent, model, 'input', input);
      if (output > 0) tokens.inc(agent, model, 'output', output);
    },
    pushDelivery(outcome, attempt) {
      pushes.inc(outcome, attempt >= MAX_ATTEMPT_LABEL ? `${MAX_ATTEMPT_LABEL}+` : String(attempt));
    },
  };
}
