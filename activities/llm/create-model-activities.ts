// The LLM step activity. Temporal owns retries (client maxRetries 0); the activity heartbeats while it
// waits, aborts the HTTP request when cancelled, and returns only the final message, never the chunks.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import OpenAI from 'openai';
import type { CallModelInput, CallModelResult, TokenUsage } from '../../src/agent-runtime/contracts';
import { InvalidActivityInput, ModelFailure } from '../../src/agent-runtime/failure-types';
import { isModelConfigured, type ModelConfig } from '../../src/agent-runtime/model-config';
import type { Logger } from '../../src/logger';
import { CallModelInputSchema } from './call-model-input';
import { toModelFailure } from './model-errors';
import { createStreamAccumulator, estimateUsage, fromCompletion, toCompletionParams } from './openai-mapping';
import { taskIdOfAnyWorkflowId } from '../../src/task-runtime/task-workflow-id';
import { inModelSpan } from './model-span';
import { createBatchingStreamWriter, type BatchingOptions, type StreamSink, type StreamWriter } from './stream-sink';

export interface ModelActivitiesDeps {
  /** Absent or incomplete: callModel fails with ModelNotConfigured (agents run deterministic steps). */
  config: ModelConfig | undefined;
  logger: Logger;
  /** Receives streamed deltas; without one, stream requests run as plain requests. */
  streamSink?: StreamSink;
  streamBatching?: BatchingOptions;
  /** Builds the client; the default uses config with the client's own retries off. */
  createClient?: (config: ModelConfig) => OpenAI;
  /** How often to heartbeat while waiting; the SDK throttles what reaches the server. */
  heartbeatIntervalMs?: number;
  /** Prompts and answers go into the call's span (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT). */
  captureContent?: boolean;
}

type Outcome = Omit<CallModelResult, 'usage'> & { usage?: TokenUsage };

export function createOpenAiClient(config: ModelConfig): OpenAI {
  return new OpenAI({
    baseURL: config.baseUrl,
    // Local OpenAI-compatible servers need no key, but the client insists on one.
    apiKey: config.apiKey ?? 'unused',
    // Only a backstop: callModel enforces requestTimeoutMs itself (see createDeadline).
    timeout: config.requestTimeoutMs * 2,
    maxRetries: 0,
  });
}

export function createModelActivities(deps: ModelActivitiesDeps) {
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 1_000;
  let client: OpenAI | undefined;
  const clientFor = (config: ModelConfig) => (client ??= (deps.createClient ?? createOpenAiClient)(config));

  async function callModel(rawInput: CallModelInput): Promise<CallModelResult> {
    const model = rawInput.model ?? deps.config?.model ?? 'unknown';
    const taskId = Context.current().info.workflowExecution?.workflowId;
    return inModelSpan(
      { model, baseUrl: deps.config?.baseUrl, taskId: taskId && taskIdOfAnyWorkflowId(taskId), input: rawInput, captureContent: deps.captureContent === true },
      () => callModelUntraced(rawInput),
    );
  }

  async function callModelUntraced(rawInput: CallModelInput): Promise<CallModelResult> {
    const parsed = CallModelInputSchema.safeParse(rawInput);
    if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid callModel input: ${parsed.error.message}`, InvalidActivityInput);
    const input = parsed.data;
    const config = deps.config;
    if (!isModelConfigured(config)) {
      // Benign: running without a model is a configuration the agents handle (deterministic steps),
      // said once at start-up; the SDK logs a benign failure at debug instead of a WARN per task.
      throw ApplicationFailure.create({
        message: 'no model is configured (OPENAI_MODEL and OPENAI_BASE_URL or OPENAI_API_KEY)',
        type: ModelFailure.NotConfigured,
        nonRetryable: true,
        category: ApplicationFailureCategory.BENIGN,
      });
    }
    const ctx = Context.current();
    const log = deps.logger.child({ activity: 'callModel', attempt: ctx.info.attempt, taskId: input.stream?.taskId });
    const model = input.model ?? config.model;
    const params = toCompletionParams(input, model);
    // One controller for both reasons to stop: activity cancellation and the step's own deadline.
    const abort = new AbortController();
    const onCancel = () => abort.abort();
    ctx.cancellationSignal.addEventListener('abort', onCancel, { once: true });
    const heartbeat = setInterval(() => ctx.heartbeat(), heartbeatIntervalMs);
    const writer =
      input.stream && deps.streamSink
        ? createBatchingStreamWriter({
            ...deps.streamBatching,
            sink: deps.streamSink,
            target: input.stream,
            attempt: ctx.info.attempt,
            onSinkError: (error) => log.warn({ err: error }, 'stream sink failed; the step continues without streaming'),
          })
        : undefined;
    const deadline = createDeadline(abort, config.requestTimeoutMs);
    try {
      ctx.heartbeat();
      deadline.arm();
      const outcome = writer
        ? await streamCompletion(clientFor(config), params, writer, abort, deadline)
        : fromCompletion(await clientFor(config).chat.completions.create(params, { signal: abort.signal }));
      deadline.clear();
      if (!outcome) throw ApplicationFailure.retryable('the model returned no choices', ModelFailure.BadResponse);
      await writer?.end();
      const usage = outcome.usage ?? estimateUsage(input, outcome.message);
      if (!outcome.usage) log.warn('the model reported no token usage; recording an estimate');
      log.debug({ model: outcome.model, finishReason: outcome.finishReason, usage }, 'model step finished');
      return { ...outcome, model: outcome.model || model, usage };
    } catch (error) {
      await writer?.discard();
      // Temporal reports the activity as cancelled only when it throws the cancellation itself.
      if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
      throw toModelFailure(error, deadline.expired ? { timeoutMs: config.requestTimeoutMs } : {});
    } finally {
      deadline.clear();
      clearInterval(heartbeat);
      ctx.cancellationSignal.removeEventListener('abort', onCancel);
    }
  }

  return { callModel };
}

interface Deadline {
  readonly expired: boolean;
  /** (Re)starts the countdown: before the request, then again on every stream chunk. */
  arm(): void;
  clear(): void;
}

/**
 * The step keeps its own request deadline instead of relying on the client's timeout: that one stops
 * at response headers (a stream stalling later would hang until start-to-close) and its error class
 * does not survive every runtime, while an expired flag set here is unambiguous.
 */
function createDeadline(abort: AbortController, timeoutMs: number): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    get expired() {
      return expired;
    },
    arm() {
      clear();
      timer = setTimeout(() => {
        expired = true;
        abort.abort();
      }, timeoutMs);
    },
    clear,
  };
}

async function streamCompletion(
  client: OpenAI,
  params: ReturnType<typeof toCompletionParams>,
  writer: StreamWriter,
  abort: AbortController,
  deadline: Deadline,
): Promise<Outcome | undefined> {
  const stream = await client.chat.completions.create(
    { ...params, stream: true, stream_options: { include_usage: true } },
    { signal: abort.signal },
  );
  const accumulator = createStreamAccumulator();
  for await (const chunk of stream) {
    deadline.arm();
    writer.write(accumulator.push(chunk));
  }
  // The openai stream ends quietly when aborted; a partial message must not pass for a complete one.
  if (abort.signal.aborted) throw new Error('the model stream was aborted');
  return accumulator.result();
}
