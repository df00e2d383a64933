// The one mapper from anything thrown to a protocol error, and its two wire forms: the JSON-RPC error
// object (v1.0 §9.5: `data` is an array of google.rpc Any details; v0.3: free-form `data`) and the
// HTTP+JSON google.rpc.Status body (§11.6). Unknown errors become InternalError with no internals.
import { A2A_ERROR_CODES, A2AError, type A2AErrorName, type FieldViolation } from '../a2a-error';
import type { ProtocolVersion } from './version';

export const A2A_ERROR_DOMAIN = 'a2a-protocol.org';
/** Reasons this server defines beyond the A2A specification. */
export const SERVER_ERROR_DOMAIN = 'a2a-temporal';
const SERVER_DEFINED: ReadonlySet<A2AErrorName> = new Set<A2AErrorName>([
  'Unauthenticated',
  'PermissionDenied',
  'ResourceExhausted',
  'Unavailable',
  'PayloadTooLarge',
  'MethodNotAllowed',
  'AgentNotFound',
  'ContentTooLarge',
  'ArtifactNotFound',
]);

export const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';
export const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

export function toA2AError(err: unknown): A2AError {
  return err instanceof A2AError ? err : A2AError.internal();
}

export interface ErrorWireOptions {
  /** Added to an internal error's details so a user can quote it to an operator. */
  requestId?: string;
}

const asString = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.map(asString).join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** google.rpc ErrorInfo (always) and BadRequest (for field violations), as ProtoJSON `Any`s. */
export function errorDetails(err: A2AError, options: ErrorWireOptions = {}): Array<Record<string, unknown>> {
  const { fieldViolations, ...rest } = err.data ?? {};
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) metadata[key] = asString(value);
  if (err.errorName === 'InternalError' && options.requestId) metadata.requestId = options.requestId;
  const details: Array<Record<string, unknown>> = [
    {
      '@type': ERROR_INFO_TYPE,
      reason: A2A_ERROR_CODES[err.errorName].reason,
      domain: SERVER_DEFINED.has(err.errorName) ? SERVER_ERROR_DOMAIN : A2A_ERROR_DOMAIN,
      ...(Object.keys(metadata).length ? { metadata } : {}),
    },
  ];
  if (Array.isArray(fieldViolations)) {
    details.push({ '@type': BAD_REQUEST_TYPE, fieldViolations: fieldViolations as FieldViolation[] });
  }
  return details;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export function jsonRpcErrorObject(err: A2AError, version: ProtocolVersion, options: ErrorWireOptions = {}): JsonRpcErrorObject {
  if (version === '1.0') return { code: err.jsonRpcCode, message: err.message, data: errorDetails(err, options) };
  const data = err.errorName === 'InternalError' && options.requestId ? { requestId: options.requestId } : err.data;
  return { code: err.jsonRpcCode, message: err.message, ...(data ? { data } : {}) };
}

export interface HttpErrorBody {
  error: { code: number; status: string; message: string; details: Array<Record<string, unknown>> };
}

export function httpErrorBody(err: A2AError, options: ErrorWireOptions = {}): HttpErrorBody {
  const code = A2A_ERROR_CODES[err.errorName];
  return { error: { code: code.http, status: code.status, message: err.message, details: errorDetails(err, options) } };
}
