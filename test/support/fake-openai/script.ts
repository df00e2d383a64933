// What the fake OpenAI server can be told to answer: scripted steps consumed in order, or a responder
// function deciding from the request. Steps are plain data so tests read like a transcript.

export interface ToolCallSpec {
  id?: string;
  name: string;
  /** An object is serialised with JSON.stringify; a string is sent verbatim (it may be invalid JSON). */
  arguments: string | Record<string, unknown>;
  /** How the arguments text is split across stream chunks; defaults to pieces of a few characters. */
  argumentDeltas?: string[];
}

export interface UsageSpec {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

interface Timing {
  /** Wait before sending the response headers. */
  delayMs?: number;
}

export interface ReplyStep extends Timing {
  kind: 'reply';
  content?: string | null;
  toolCalls?: ToolCallSpec[];
  finishReason?: string;
  usage?: UsageSpec;
  model?: string;
  /** How content is split when the request streams; defaults to word-sized pieces. */
  deltas?: string[];
  /** Wait between stream chunks. */
  chunkDelayMs?: number;
  /** Streaming only: destroy the connection after this many chunks (a connection lost mid-stream). */
  dropAfterChunks?: number;
  /** Streaming only: stop sending (keeping the connection open) after this many chunks. */
  stallAfterChunks?: number;
  /** Streaming only: send an OpenAI error event after this many chunks instead of finishing. */
  errorAfterChunks?: { afterChunks: number; message: string };
}

export interface ErrorStep extends Timing {
  kind: 'error';
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Sent as the retry-after header (seconds, or an HTTP date). */
  retryAfter?: number | string;
  retryAfterMs?: number;
  headers?: Record<string, string>;
}

/** Destroy the connection without answering. */
export interface DropStep extends Timing {
  kind: 'drop';
}

/** Never answer; the client has to time out or abort. */
export interface HangStep {
  kind: 'hang';
}

export type ScriptStep = ReplyStep | ErrorStep | DropStep | HangStep;

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
  model: string | undefined;
  messages: Array<Record<string, unknown>>;
  tools: Array<Record<string, unknown>> | undefined;
  stream: boolean;
  includeUsage: boolean;
  /** Set when the client closed the connection before the response was complete. */
  clientAborted: boolean;
}

export type Responder = (request: RecordedRequest) => ScriptStep | Promise<ScriptStep>;

/** Builders for script steps. */
export const step = {
  text: (content: string, options: Omit<ReplyStep, 'kind' | 'content'> = {}): ReplyStep => ({
    kind: 'reply',
    content,
    ...options,
  }),
  streamed: (deltas: string[], options: Omit<ReplyStep, 'kind' | 'content' | 'deltas'> = {}): ReplyStep => ({
    kind: 'reply',
    content: deltas.join(''),
    deltas,
    ...options,
  }),
  toolCalls: (toolCalls: ToolCallSpec[], options: Omit<ReplyStep, 'kind' | 'toolCalls'> = {}): ReplyStep => ({
    kind: 'reply',
    content: null,
    toolCalls,
    ...options,
  }),
  error: (status: number, options: Omit<ErrorStep, 'kind' | 'status'> = {}): ErrorStep => ({
    kind: 'error',
    status,
    ...options,
  }),
  drop: (options: Timing = {}): DropStep => ({ kind: 'drop', ...options }),
  hang: (): HangStep => ({ kind: 'hang' }),
};
