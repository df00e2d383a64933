// The worker's activity series: MCP tool calls by server, tool and outcome with latency, model calls
// and tokens by agent and model, push deliveries by outcome and attempt. Counted per activity
// attempt, where the work happens (a retried call counts each attempt).
import { Counter, Histogram, type Registry } from 'prom-client';
import { CALL_BUCKETS } from './buckets';
import { childCache } from './child-cache';

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
  const registers = [registry];
  const toolCalls = new Counter({
    name: 'a2a_tool_calls_total',
    help: 'MCP tool calls, by server, tool and outcome (ok, tool-error, or the failure type).',
    labelNames: ['server', 'tool', 'outcome'],
    registers,
  });
  const toolSeconds = new Histogram({
    name: 'a2a_tool_call_duration_seconds',
    help: 'MCP tool call latency, by server and tool.',
    labelNames: ['server', 'tool'],
    buckets: CALL_BUCKETS,
    registers,
  });
  const modelCalls = new Counter({
    name: 'a2a_model_calls_total',
    help: 'Model (chat completion) calls, by agent, model and outcome (ok or the failure type).',
    labelNames: ['agent', 'model', 'outcome'],
    registers,
  });
  const modelSeconds = new Histogram({
    name: 'a2a_model_call_duration_seconds',
    help: 'Model call latency, by agent and model.',
    labelNames: ['agent', 'model'],
    buckets: CALL_BUCKETS,
    registers,
  });
  const tokens = new Counter({
    name: 'a2a_model_tokens_total',
    help: 'Model tokens, by agent, model and type (input: the prompt, output: the completion).',
    labelNames: ['agent', 'model', 'type'],
    registers,
  });
  const pushes = new Counter({
    name: 'a2a_push_deliveries_total',
    help: 'Push notification delivery attempts, by outcome (delivered, retryable, refused, error) and attempt number.',
    labelNames: ['outcome', 'attempt'],
    registers,
  });
  const toolCount = childCache((server, tool, outcome) => toolCalls.labels(server, tool, outcome));
  const toolTime = childCache((server, tool) => toolSeconds.labels(server, tool));
  const modelCount = childCache((agent, model, outcome) => modelCalls.labels(agent, model, outcome));
  const modelTime = childCache((agent, model) => modelSeconds.labels(agent, model));
  const tokenChild = childCache((agent, model, type) => tokens.labels(agent, model, type));
  const pushChild = childCache((outcome, attempt) => pushes.labels(outcome, attempt));

  return {
    toolCall(server, tool, outcome, seconds) {
      toolCount(server, tool, outcome).inc();
      toolTime(server, tool).observe(seconds);
    },
    modelCall(agent, model, outcome, seconds) {
      modelCount(agent, model, outcome).inc();
      modelTime(agent, model).observe(seconds);
    },
    modelTokens(agent, model, input, output) {
      if (input > 0) tokenChild(agent, model, 'input').inc(input);
      if (output > 0) tokenChild(agent, model, 'output').inc(output);
    },
    pushDelivery(outcome, attempt) {
      pushChild(outcome, attempt >= MAX_ATTEMPT_LABEL ? `${MAX_ATTEMPT_LABEL}+` : String(attempt)).inc();
    },
  };
}
