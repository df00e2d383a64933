// The one error type of the API. Handlers throw these through named factories; the bindings map them
// to JSON-RPC error objects or HTTP+JSON google.rpc.Status bodies. Anything else thrown is an internal error.

export type A2AErrorName =
  | 'ParseError'
  | 'InvalidRequest'
  | 'MethodNotFound'
  | 'InvalidParams'
  | 'InternalError'
  | 'TaskNotFoundError'
  | 'TaskNotCancelableError'
  | 'PushNotificationNotSupportedError'
  | 'UnsupportedOperationError'
  | 'ContentTypeNotSupportedError'
  | 'InvalidAgentResponseError'
  | 'ExtendedAgentCardNotConfiguredError'
  | 'ExtensionSupportRequiredError'
  | 'VersionNotSupportedError'
  | 'Unauthenticated'
  | 'PermissionDenied'
  | 'ResourceExhausted'
  | 'Unavailable'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'MethodNotAllowed'
  | 'AgentNotFound'
  | 'ContentTooLarge'
  | 'ArtifactNotFound';

/** google.rpc.Code names used in the HTTP+JSON `error.status` field (A2A v1.0 §11.6, §5.4). */
export type RpcStatusName =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'INTERNAL'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'UNIMPLEMENTED';

export interface A2AErrorCode {
  jsonRpc: number;
  http: number;
  status: RpcStatusName;
  /** `google.rpc.ErrorInfo.reason`: the A2A error name in UPPER_SNAKE_CASE without "Error" (§11.6). */
  reason: string;
  /** HTTP status of a JSON-RPC error response; see the table note below. */
  jsonRpcHttp: number;
}

const row = (jsonRpc: number, http: number, status: RpcStatusName, reason: string, jsonRpcHttp = 200): A2AErrorCode => ({
  jsonRpc,
  http,
  status,
  reason,
  jsonRpcHttp,
});

/**
 * JSON-RPC codes this server defines for itself. JSON-RPC 2.0 reserves -32768..-32000 (A2A takes
 * -32001..-32099 of it, v1.0 §9.5), so these lie outside; -31xxx ends in the matching HTTP status.
 */
export const SERVER_ERROR_CODES = {
  unauthenticated: -31401,
  permissionDenied: -31403,
  resourceExhausted: -31429,
  unavailable: -31503,
} as const;

/**
 * JSON-RPC code, HTTP status and gRPC status per A2A v1.0 §5.4 (JSON-RPC 2.0 for the standard codes).
 * JSON-RPC carries errors in the body, so its HTTP status is 200, except for server faults (5xx),
 * credential/limit problems an HTTP client or proxy must see (401/403/429) and requests refused
 * before they are JSON-RPC at all (413 oversized body, 415 wrong media type).
 */
export const A2A_ERROR_CODES: Record<A2AErrorName, A2AErrorCode> = {
  ParseError: row(-32700, 400, 'INVALID_ARGUMENT', 'PARSE_ERROR'),
  InvalidRequest: row(-32600, 400, 'INVALID_ARGUMENT', 'INVALID_REQUEST'),
  MethodNotFound: row(-32601, 404, 'NOT_FOUND', 'METHOD_NOT_FOUND'),
  InvalidParams: row(-32602, 400, 'INVALID_ARGUMENT', 'INVALID_PARAMS'),
  InternalError: row(-32603, 500, 'INTERNAL', 'INTERNAL', 500),
  TaskNotFoundError: row(-32001, 404, 'NOT_FOUND', 'TASK_NOT_FOUND'),
  TaskNotCancelableError: row(-32002, 400, 'FAILED_PRECONDITION', 'TASK_NOT_CANCELABLE'),
  PushNotificationNotSupportedError: row(-32003, 400, 'FAILED_PRECONDITION', 'PUSH_NOTIFICATION_NOT_SUPPORTED'),
  UnsupportedOperationError: row(-32004, 400, 'FAILED_PRECONDITION', 'UNSUPPORTED_OPERATION'),
  ContentTypeNotSupportedError: row(-32005, 400, 'INVALID_ARGUMENT', 'CONTENT_TYPE_NOT_SUPPORTED'),
  InvalidAgentResponseError: row(-32006, 500, 'INTERNAL', 'INVALID_AGENT_RESPONSE', 500),
  ExtendedAgentCardNotConfiguredError: row(-32007, 400, 'FAILED_PRECONDITION', 'EXTENDED_AGENT_CARD_NOT_CONFIGURED'),
  ExtensionSupportRequiredError: row(-32008, 400, 'FAILED_PRECONDITION', 'EXTENSION_SUPPORT_REQUIRED'),
  VersionNotSupportedError: row(-32009, 400, 'FAILED_PRECONDITION', 'VERSION_NOT_SUPPORTED'),
  // Not A2A-specific codes: the spec leaves authentication, authorization, rate limits and
  // availability to the binding's own conventions; JSON-RPC gets server-defined codes.
  Unauthenticated: row(SERVER_ERROR_CODES.unauthenticated, 401, 'UNAUTHENTICATED', 'UNAUTHENTICATED', 401),
  PermissionDenied: row(SERVER_ERROR_CODES.permissionDenied, 403, 'PERMISSION_DENIED', 'PERMISSION_DENIED', 403),
  ResourceExhausted: row(SERVER_ERROR_CODES.resourceExhausted, 429, 'RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED', 429),
  Unavailable: row(SERVER_ERROR_CODES.unavailable, 503, 'UNAVAILABLE', 'UNAVAILABLE', 503),
  // A transport-level refusal: the body never became a JSON-RPC request, hence Invalid Request.
  PayloadTooLarge: row(-32600, 413, 'RESOURCE_EXHAUSTED', 'PAYLOAD_TOO_LARGE', 413),
  // A body that is not JSON is the A2A ContentTypeNotSupported error at the transport level: its
  // code and reason, with HTTP 415 in both bindings (a proxy or HTTP client understands 415).
  UnsupportedMediaType: row(-32005, 415, 'INVALID_ARGUMENT', 'CONTENT_TYPE_NOT_SUPPORTED', 415),
  // HTTP+JSON only (a known path with the wrong verb, an unknown agent); JSON-RPC never emits them.
  MethodNotAllowed: row(-32601, 405, 'UNIMPLEMENTED', 'METHOD_NOT_ALLOWED', 405),
  AgentNotFound: row(-32601, 404, 'NOT_FOUND', 'AGENT_NOT_FOUND', 404),
  // A parsed request whose content exceeds a limit (part size, message size, part count): in
  // JSON-RPC it is a valid request with invalid params; HTTP+JSON answers 413 like the body limit,
  // so a client handles every size limit the same way. The data names the limit.
  ContentTooLarge: row(-32602, 413, 'RESOURCE_EXHAUSTED', 'CONTENT_TOO_LARGE'),
  // The artifact download route only (plain HTTP GET); JSON-RPC never emits it.
  ArtifactNotFound: row(-32001, 404, 'NOT_FOUND', 'ARTIFACT_NOT_FOUND', 404),
};

/** One violated field of a request, as in `google.rpc.BadRequest.FieldViolation`. */
export interface FieldViolation {
  field: string;
  description: string;
}

export class A2AError extends Error {
  override readonly name = 'A2AError';
  constructor(
    readonly errorName: A2AErrorName,
    message: string,
    /** Structured details; safe to show to the client. `fieldViolations` is rendered as google.rpc.BadRequest. */
    readonly data?: Record<string, unknown>,
    /** Response headers that go with the error (`WWW-Authenticate`, `Retry-After`); both bindings set them. */
    readonly headers?: Readonly<Record<string, string | readonly string[]>>,
  ) {
    super(message);
  }

  get jsonRpcCode(): number {
    return A2A_ERROR_CODES[this.errorName].jsonRpc;
  }

  get httpStatus(): number {
    return A2A_ERROR_CODES[this.errorName].http;
  }

  static parseError = (message = 'Invalid JSON payload') => new A2AError('ParseError', message);
  static invalidRequest = (message: string, data?: Record<string, unknown>) => new A2AError('InvalidRequest', message, data);
  static methodNotFound = (method: string, hint?: string) =>
    new A2AError('MethodNotFound', `Method not found: ${method}${hint ? ` (${hint})` : ''}`, { method });
  static invalidParams = (message: string, data?: Record<string, unknown>) => new A2AError('InvalidParams', message, data);
  /** Invalid parameters with per-field details; the message names every field so a human sees them too. */
  static invalidFields = (violations: FieldViolation[]) =>
    new A2AError(
      'InvalidParams',
      `Invalid parameters: ${violations.map((v) => (v.field ? `${v.field}: ${v.description}` : v.description)).join('; ')}`,
      { fieldViolations: violations },
    );
  static internal = (message = 'Internal error') => new A2AError('InternalError', message);
  static taskNotFound = (taskId: string) => new A2AError('TaskNotFoundError', `Task not found: ${taskId}`, { taskId });
  static taskNotCancelable = (taskId: string, state: string) =>
    new A2AError('TaskNotCancelableError', `Task ${taskId} is ${state} and cannot be canceled`, { taskId, state });
  static pushNotSupported = () =>
    new A2AError('PushNotificationNotSupportedError', 'Push notifications are not supported by this agent');
  static unsupportedOperation = (message: string, data?: Record<string, unknown>) =>
    new A2AError('UnsupportedOperationError', message, data);
  static contentTypeNotSupported = (mediaType: string) =>
    new A2AError('ContentTypeNotSupportedError', `Content type not supported: ${mediaType}`, { mediaType });
  static invalidAgentResponse = (message: string) => new A2AError('InvalidAgentResponseError', message);
  static extendedCardNotConfigured = () =>
    new A2AError('ExtendedAgentCardNotConfiguredError', 'No extended agent card is configured for this agent');
  static extensionSupportRequired = (uri: string) =>
    new A2AError('ExtensionSupportRequiredError', `The client must declare support for extension ${uri}`, { uri });
  static versionNotSupported = (version: string, supported: readonly string[]) =>
    new A2AError('VersionNotSupportedError', `A2A version ${version} is not supported; supported: ${supported.join(', ')}`, {
      version,
      supportedVersions: [...supported],
    });
  /** `challenges` become `WWW-Authenticate` headers (RFC 9110 §11.6.1): what a client should send instead. */
  static unauthenticated = (message = 'Authentication required', challenges: readonly string[] = []) =>
    new A2AError('Unauthenticated', message, undefined, challenges.length ? { 'WWW-Authenticate': challenges } : undefined);
  static permissionDenied = (message: string, data?: Record<string, unknown>) => new A2AError('PermissionDenied', message, data);
  static resourceExhausted = (limit: string, message: string, data: Record<string, unknown> = {}) =>
    new A2AError('ResourceExhausted', message, { limit, ...data });
  /** A per-principal limit that frees up with time: `Retry-After` says when (whole seconds, at least 1). */
  static rateLimited = (limit: string, message: string, retryAfterMs: number) => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new A2AError('ResourceExhausted', `${message}; retry after ${seconds} s`, { limit, retryAfterSeconds: seconds }, {
      'Retry-After': String(seconds),
    });
  };
  static unavailable = (message: string) => new A2AError('Unavailable', message);
  static payloadTooLarge = (limitBytes: number) =>
    new A2AError('PayloadTooLarge', `Request body exceeds the limit of ${limitBytes} bytes (bodyLimit)`, {
      limit: 'bodyLimit',
      limitBytes,
    });
  static unsupportedMediaType = (contentType: string, expected: readonly string[]) =>
    new A2AError('UnsupportedMediaType', `Unsupported Content-Type "${contentType}"; expected ${expected.join(' or ')}`, {
      contentType,
    });
  static methodNotAllowed = (method: string, path: string, allowed: readonly string[]) =>
    new A2AError('MethodNotAllowed', `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, {
      allowed: [...allowed],
    });
  static agentNotFound = (agentId: string) => new A2AError('AgentNotFound', `Agent not found: ${agentId}`, { agentId });
  /** `limit` is the setting's name (e.g. `maxPartBytes`), so the client and the operator see which one. */
  static contentTooLarge = (limit: string, message: string, data: Record<string, unknown> = {}) =>
    new A2AError('ContentTooLarge', `${message} (${limit})`, { limit, ...data });
  static artifactNotFound = (blobId: string) => new A2AError('ArtifactNotFound', `Artifact not found: ${blobId}`, { blobId });
  /** A download link whose signature does not verify, or that has expired (checked before any lookup). */
  static downloadLinkRefused = (reason: 'invalid' | 'expired', message: string) =>
    new A2AError('PermissionDenied', message, { reason: `download-link-${reason}` });
}
