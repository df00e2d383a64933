// Wire bodies in the shapes OpenAI sends: chat.completion JSON, chat.completion.chunk events (role
// delta first, tool-call deltas split per index with id and name only in the first piece, an empty
// delta carrying finish_reason, then a usage-only chunk when asked), and error bodies.
import type { ErrorStep, RecordedRequest, ReplyStep, ToolCallSpec } from './script';

export interface RenderContext {
  id: string;
  created: number;
  model: string;
}

interface NormalisedToolCall {
  id: string;
  name: string;
  arguments: string;
  deltas: string[];
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** Word-sized pieces keeping the spaces, the way models emit tokens. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

function normaliseToolCalls(ctx: RenderContext, calls: ToolCallSpec[] | undefined): NormalisedToolCall[] {
  return (calls ?? []).map((call, i) => {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    return { id: call.id ?? `call_${ctx.id}_${i}`, name: call.name, arguments: args, deltas: call.argumentDeltas ?? split(args, 7) };
  });
}

export function usageFor(request: RecordedRequest, step: ReplyStep, toolCalls: NormalisedToolCall[]) {
  const prompt = request.messages.reduce((sum, m) => sum + 3 + estimateTokens(JSON.stringify(m.content ?? '')), 0);
  const completion = Math.max(1, estimateTokens((step.content ?? '') + toolCalls.map((c) => c.name + c.arguments).join('')));
  const promptTokens = step.usage?.promptTokens ?? prompt;
  const completionTokens = step.usage?.completionTokens ?? completion;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: step.usage?.totalTokens ?? promptTokens + completionTokens,
  };
}

function finishReasonOf(step: ReplyStep, toolCalls: NormalisedToolCall[]): string {
  return step.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
}

export function renderCompletion(ctx: RenderContext, request: RecordedRequest, step: ReplyStep) {
  const toolCalls = normaliseToolCalls(ctx, step.toolCalls);
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: step.content ?? null,
          refusal: null,
          ...(toolCalls.length > 0
            ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
            : {}),
        },
        logprobs: null,
        finish_reason: finishReasonOf(step, toolCalls),
      },
    ],
    usage: usageFor(request, step, toolCalls),
    system_fingerprint: 'fp_fake',
  };
}

/** The chunk objects of a streamed reply, in order, without the terminating `[DONE]`. */
export function renderChunks(ctx: RenderContext, request: RecordedRequest, step: ReplyStep): object[] {
  const toolCalls = normaliseToolCalls(ctx, step.toolCalls);
  const usage = request.includeUsage ? { usage: null } : {};
  const chunk = (delta: object, finishReason: string | null = null) => ({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usage,
  });
  const chunks: object[] = [];
  const content = step.content ?? null;
  if (content !== null || toolCalls.length === 0) {
    chunks.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of step.deltas ?? splitIntoDeltas(content ?? '')) chunks.push(chunk({ content: piece }));
  }
  toolCalls.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    chunks.push(chunk(chunks.length === 0 ? { role: 'assistant', content: null, tool_calls: [head] } : { tool_calls: [head] }));
    for (const piece of call.deltas) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  chunks.push(chunk({}, finishReasonOf(step, toolCalls)));
  if (request.includeUsage) {
    chunks.push({
      id: ctx.id,
      object: 'chat.completion.chunk',
      created: ctx.created,
      model: ctx.model,
      system_fingerprint: 'fp_fake',
      choices: [],
      usage: usageFor(request, step, toolCalls),
    });
  }
  return chunks;
}

const DEFAULT_ERROR_TYPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Forbidden.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' },
};

export function renderError(step: ErrorStep) {
  const defaults = DEFAULT_ERROR_TYPES[step.status] ?? { type: 'server_error', code: null, message: 'The server had an error.' };
  return {
    error: {
      message: step.message ?? defaults.message,
      type: step.type ?? defaults.type,
      param: step.param ?? null,
      code: step.code === undefined ? defaults.code : step.code,
    },
  };
}
