// Translation between the shared chat contract and the openai chat-completions wire types, including
// reassembly of streamed chunks (content deltas, tool-call pieces keyed by index, trailing usage).
import type OpenAI from 'openai';
import type { CallModelInput, CallModelResult, ChatMessage, FinishReason, TokenUsage, ToolCall } from '../../src/agent-runtime/contracts';

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

function toOpenAiMessage(message: ChatMessage): OpenAI.Chat.Completions.ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? { tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
          : {}),
      };
  }
}

export function toCompletionParams(input: CallModelInput, model: string): Params {
  const choice = input.toolChoice;
  return {
    model,
    messages: input.messages.map(toOpenAiMessage),
    ...(input.tools?.length ? { tools: input.tools } : {}),
    ...(choice === undefined ? {} : { tool_choice: typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } } }),
    // max_tokens rather than max_completion_tokens: every OpenAI-compatible server understands it.
    ...(input.maxTokens !== undefined ? { max_tokens: input.maxTokens } : {}),
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
  };
}

const FINISH_REASONS: readonly FinishReason[] = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'];
const toFinishReason = (value: string | null | undefined): FinishReason =>
  FINISH_REASONS.includes(value as FinishReason) ? (value as FinishReason) : 'unknown';

const toUsage = (usage: OpenAI.CompletionUsage): TokenUsage => ({
  promptTokens: usage.prompt_tokens,
  completionTokens: usage.completion_tokens,
  totalTokens: usage.total_tokens,
});

/** Rough count (4 characters a token) for servers that report no usage, so budgets still bind. */
export function estimateUsage(input: CallModelInput, message: CallModelResult['message']): TokenUsage {
  const promptChars = input.messages.reduce((sum, m) => sum + (m.content?.length ?? 0), 0);
  const completionChars = (message.content?.length ?? 0) + (message.toolCalls ?? []).reduce((s, c) => s + c.name.length + c.arguments.length, 0);
  const promptTokens = Math.ceil(promptChars / 4);
  const completionTokens = Math.ceil(completionChars / 4);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

function assistantMessage(content: string | null, toolCalls: ToolCall[]): CallModelResult['message'] {
  return { role: 'assistant', content, ...(toolCalls.length > 0 ? { toolCalls } : {}) };
}

/** `undefined` usage means the server reported none. */
export function fromCompletion(completion: OpenAI.Chat.Completions.ChatCompletion): Omit<CallModelResult, 'usage'> & { usage?: TokenUsage } | undefined {
  const choice = completion.choices[0];
  if (!choice) return undefined;
  const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
    c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
  );
  return {
    message: assistantMessage(choice.message.content ?? choice.message.refusal ?? null, toolCalls),
    finishReason: toFinishReason(choice.finish_reason),
    usage: completion.usage ? toUsage(completion.usage) : undefined,
    model: completion.model,
  };
}

/** Folds chat.completion.chunk events into one message; `push` returns the content delta, if any. */
export function createStreamAccumulator() {
  let content: string | null = null;
  let finishReason: string | null = null;
  let usage: TokenUsage | undefined;
  let model = '';
  let sawChoice = false;
  const calls = new Map<number, ToolCall>();
  return {
    push(chunk: OpenAI.Chat.Completions.ChatCompletionChunk): string {
      if (chunk.model) model = chunk.model;
      if (chunk.usage) usage = toUsage(chunk.usage);
      const choice = chunk.choices[0];
      if (!choice) return '';
      sawChoice = true;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      for (const piece of choice.delta.tool_calls ?? []) {
        const call = calls.get(piece.index) ?? { id: '', name: '', arguments: '' };
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.name += piece.function.name;
        if (piece.function?.arguments) call.arguments += piece.function.arguments;
        calls.set(piece.index, call);
      }
      const delta = choice.delta.content ?? choice.delta.refusal ?? '';
      if (delta !== '') content = (content ?? '') + delta;
      return delta;
    },
    result(): (Omit<CallModelResult, 'usage'> & { usage?: TokenUsage }) | undefined {
      if (!sawChoice) return undefined;
      const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
      return { message: assistantMessage(content, toolCalls), finishReason: toFinishReason(finishReason), usage, model };
    },
  };
}
