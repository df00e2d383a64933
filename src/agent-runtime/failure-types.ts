// ApplicationFailure `type` names raised by the model and MCP activities, shared so workflows can
// branch on them (e.g. feed InvalidToolArguments back to the model) without string literals.

/** Failure types of `callModel`. Retryable ones are thrown as plain retryable failures. */
export const ModelFailure = {
  /** 429; carries `nextRetryDelay` when the provider sent retry-after. Retryable. */
  RateLimited: 'ModelRateLimited',
  /** 5xx or an error event in the stream. Retryable. */
  ServerError: 'ModelServerError',
  /** Request timeout, stream idle timeout or 408. Retryable. */
  Timeout: 'ModelTimeout',
  /** Connection refused or dropped. Retryable. */
  Unavailable: 'ModelUnavailable',
  /** A response the client could not make sense of (no choices). Retryable. */
  BadResponse: 'ModelBadResponse',
  /** 400/422 and other 4xx: the provider refused this request. Non-retryable. */
  RequestRejected: 'ModelRequestRejected',
  /** 400 with code context_length_exceeded. Non-retryable. */
  ContextLengthExceeded: 'ModelContextLengthExceeded',
  /** 401/403. Non-retryable. */
  AuthFailed: 'ModelAuthFailed',
  /** 404: unknown model or endpoint. Non-retryable. */
  NotFound: 'ModelNotFound',
  /** No model configured; agents should run deterministic steps instead. Non-retryable. */
  NotConfigured: 'ModelNotConfigured',
} as const;

/** Failure types of `listMcpTools` / `callMcpTool`. */
export const McpFailure = {
  /** Tool outside the agent's allowlist. Non-retryable. */
  ToolNotAllowed: 'ToolNotAllowed',
  /** Tool not in the server's tool list. Non-retryable. */
  UnknownTool: 'UnknownTool',
  /** Arguments fail the tool's input schema (client-side or the server's InvalidParams). Non-retryable. */
  InvalidToolArguments: 'InvalidToolArguments',
  /** Server name not in the worker's endpoint table. Non-retryable. */
  UnknownServer: 'UnknownMcpServer',
  /** HTTP 401/403 from the server. Non-retryable. */
  AuthFailed: 'McpAuthFailed',
  /** HTTP 404 outside a session: no MCP endpoint at that URL. Non-retryable. */
  NotFound: 'McpNotFound',
  /** Any other JSON-RPC error, or an HTTP 4xx other than 401/403/404/408/429. Non-retryable. */
  RequestRejected: 'McpRequestRejected',
  /** HTTP 429; carries `nextRetryDelay` when the server sent Retry-After. Retryable. */
  RateLimited: 'McpRateLimited',
  /** Connection refused/dropped, session lost (a 404 inside a session). Retryable. */
  TransportFailed: 'McpTransportFailed',
  /** Request timed out, or HTTP 408. Retryable. */
  Timeout: 'McpTimeout',
  /** JSON-RPC InternalError or HTTP 5xx from the server. Retryable. */
  ServerError: 'McpServerError',
  /** A document tool's structuredContent does not fit its output schema. Non-retryable. */
  MalformedToolResult: 'McpMalformedToolResult',
  /** An isError result the tool server marked retryable (an internal fault, not the input). Retryable. */
  ToolTransient: 'McpToolTransientError',
} as const;

/** Activity input that does not match its contract: a workflow bug, never worth retrying. */
export const InvalidActivityInput = 'InvalidActivityInput';
