// The one error type of the API. Handlers throw these through named factories; the bindings map them
// to JSON-RPC error objects or HTTP+JSON problem bodies. Anything else thrown is an internal error.

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
  | 'Unavailable';

/** JSON-RPC code and HTTP status per A2A v1.0 §5.4 (and JSON-RPC 2.0 for the standard codes). */
export const A2A_ERROR_CODES: Record<A2AErrorName, { jsonRpc: number; http: number }> = {
  ParseError: { jsonRpc: -32700, http: 400 },
  InvalidRequest: { jsonRpc: -32600, http: 400 },
  MethodNotFound: { jsonRpc: -32601, http: 404 },
  InvalidParams: { jsonRpc: -32602, http: 400 },
  InternalError: { jsonRpc: -32603, http: 500 },
  TaskNotFoundError: { jsonRpc: -32001, http: 404 },
  TaskNotCancelableError: { jsonRpc: -32002, http: 400 },
  PushNotificationNotSupportedError: { jsonRpc: -32003, http: 400 },
  UnsupportedOperationError: { jsonRpc: -32004, http: 400 },
  ContentTypeNotSupportedError: { jsonRpc: -32005, http: 400 },
  InvalidAgentResponseError: { jsonRpc: -32006, http: 500 },
  ExtendedAgentCardNotConfiguredError: { jsonRpc: -32007, http: 400 },
  ExtensionSupportRequiredError: { jsonRpc: -32008, http: 400 },
  VersionNotSupportedError: { jsonRpc: -32009, http: 400 },
  // Not A2A-specific codes: the spec leaves authentication, authorization, rate limits and
  // availability to the binding's own conventions; JSON-RPC gets server-defined codes.
  Unauthenticated: { jsonRpc: -32010, http: 401 },
  PermissionDenied: { jsonRpc: -32011, http: 403 },
  ResourceExhausted: { jsonRpc: -32012, http: 429 },
  Unavailable: { jsonRpc: -32013, http: 503 },
};

export class A2AError extends Error {
  override readonly name = 'A2AError';
  constructor(
    readonly errorName: A2AErrorName,
    message: string,
    /** Structured details; safe to show to the client. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }

  get jsonRpcCode(): number {
    return A2A_ERROR_CODES[this.errorName].jsonRpc;
  }

  get httpStatus(): number {
    return A2A_ERROR_CODES[this.errorName].http;
  }

  static parseError = (message = 'Request body is not valid JSON') => new A2AError('ParseError', message);
  static invalidRequest = (message: string, data?: Record<string, unknown>) => new A2AError('InvalidRequest', message, data);
  static methodNotFound = (method: string) => new A2AError('MethodNotFound', `Method not found: ${method}`, { method });
  static invalidParams = (message: string, data?: Record<string, unknown>) => new A2AError('InvalidParams', message, data);
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
  static unauthenticated = (message = 'Authentication required') => new A2AError('Unauthenticated', message);
  static permissionDenied = (message: string) => new A2AError('PermissionDenied', message);
  static resourceExhausted = (limit: string, message: string) => new A2AError('ResourceExhausted', message, { limit });
  static unavailable = (message: string) => new A2AError('Unavailable', message);
}
