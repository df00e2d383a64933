// The client span of one model call, with the OpenTelemetry GenAI semantic conventions. Prompts and
// answers (which hold document text) go into it only when content capture is turned on.
import type { Span } from '@opentelemetry/api';
import type { CallModelInput, CallModelResult } from '../../src/agent-runtime/contracts';
import { inSpan, SpanKind, TASK_ID_ATTRIBUTE } from '../../src/telemetry/spans';

/** The API spoken is OpenAI's chat completions, whichever server answers it. */
const PROVIDER = 'openai';

export interface ModelSpanOptions {
  model: string;
  baseUrl?: string;
  taskId?: string;
  input: CallModelInput;
  /** OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true. */
  captureContent: boolean;
}

export function inModelSpan(options: ModelSpanOptions, call: () => Promise<CallModelResult>): Promise<CallModelResult> {
  const server = serverOf(options.baseUrl);
  return inSpan(
    {
      name: `chat ${options.model}`,
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': PROVIDER,
        'gen_ai.provider.name': PROVIDER,
        'gen_ai.request.model': options.model,
        ...(options.input.maxTokens !== undefined ? { 'gen_ai.request.max_tokens': options.input.maxTokens } : {}),
        ...(options.input.temperature !== undefined ? { 'gen_ai.request.temperature': options.input.temperature } : {}),
        ...(server ? { 'server.address': server.host, 'server.port': server.port } : {}),
        ...(options.taskId ? { [TASK_ID_ATTRIBUTE]: options.taskId } : {}),
        ...(options.captureContent ? { 'gen_ai.input.messages': JSON.stringify(options.input.messages) } : {}),
      },
    },
    async (span) => {
      const result = await call();
      recordResponse(span, result, options.captureContent);
      return result;
    },
  );
}

function recordResponse(span: Span, result: CallModelResult, captureContent: boolean): void {
  span.setAttributes({
    'gen_ai.response.model': result.model,
    'gen_ai.response.finish_reasons': [result.finishReason],
    'gen_ai.usage.input_tokens': result.usage.promptTokens,
    'gen_ai.usage.output_tokens': result.usage.completionTokens,
    ...(captureContent ? { 'gen_ai.output.messages': JSON.stringify([result.message]) } : {}),
  });
}

function serverOf(baseUrl: string | undefined): { host: string; port: number } | undefined {
  if (!baseUrl) return undefined;
  try {
    const url = new URL(baseUrl);
    return { host: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  } catch {
    return undefined;
  }
}
