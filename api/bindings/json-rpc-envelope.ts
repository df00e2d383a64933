// JSON-RPC 2.0 request envelope checks. A2A takes exactly one request object per HTTP request
// (v1.0 §9.3, v0.3 §7: "The body … MUST be a JSONRPCRequest object"), so a batch (array) is an
// Invalid Request. Per JSON-RPC 2.0, errors found before the id is known carry `id: null`.
import { A2AError } from '../a2a-error';

export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  method: string;
  params?: unknown;
  /** Absent for a notification. */
  id?: JsonRpcId;
}

export function parseEnvelope(value: unknown): JsonRpcRequest {
  if (Array.isArray(value)) {
    throw A2AError.invalidRequest('Batch requests are not supported: send one JSON-RPC request object per HTTP request');
  }
  if (typeof value !== 'object' || value === null) throw A2AError.invalidRequest('The body must be a JSON-RPC 2.0 request object');
  const request = value as Record<string, unknown>;
  if (request.jsonrpc !== '2.0') throw A2AError.invalidRequest('jsonrpc must be exactly "2.0"');
  if (typeof request.method !== 'string' || request.method === '') throw A2AError.invalidRequest('method must be a non-empty string');
  const { id, params } = request;
  if ('id' in request && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    throw A2AError.invalidRequest('id must be a string, a number or null');
  }
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    throw A2AError.invalidRequest('params must be an object');
  }
  return { method: request.method, params, ...('id' in request ? { id: id as JsonRpcId } : {}) };
}
