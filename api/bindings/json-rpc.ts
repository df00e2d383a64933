// The JSON-RPC 2.0 binding (v1.0 §9, v0.3 §7): POST to the agent URL, methods per negotiated version,
// results and errors in JSON-RPC envelopes, streams as SSE whose every `data:` is a JSON-RPC response.
// A notification (no id) is executed and answered with 204 and no body, as JSON-RPC requires no
// reply; a streaming method sent as a notification has nowhere to stream to and is not started.
import { A2AError } from '../a2a-error';
import type { ApiContext } from '../app-types';
import { assertNestingWithin, readJsonBody } from '../http/json-body';
import { pipeSse } from '../http/sse';
import { principalKey } from '../limits/principal-key';
import { codecFor } from '../protocol/codecs';
import { jsonRpcErrorObject } from '../protocol/error-wire';
import { executeStream, executeUnary } from '../protocol/execute';
import { isStreamingOperation, type OperationName, type VersionCodec } from '../protocol/operations';
import { errorFormatVersion, negotiateVersion, requestedVersion, SUPPORTED_VERSIONS, VERSION_HEADER } from '../protocol/version';
import { v03Codec } from '../protocol/v03/codec';
import { v1Codec } from '../protocol/v1/codec';
import {
  A2A_MEDIA_TYPE,
  callContext,
  JSON_MEDIA_TYPE,
  renderContext,
  reportUnexpected,
  writeJsonRpcError,
  type AgentTarget,
  type EndpointDeps,
} from './endpoint';
import { parseEnvelope, type JsonRpcId } from './json-rpc-envelope';
import { parseLastEventId } from './last-event-id';
import { recordA2ACall, recordA2AResult } from '../telemetry/a2a-call-span';

/**
 * After an admission refusal, at most this much of the body is read, only to answer with the
 * request's id (JSON-RPC 2.0 wants it whenever it could be read); a larger body gets `id: null`.
 */
export const AUTH_REFUSAL_ID_PEEK_BYTES = 64 * 1024;

export async function handleJsonRpc(ctx: ApiContext, deps: EndpointDeps, target: AgentTarget): Promise<void> {
  ctx.state.binding = 'JSONRPC';
  ctx.state.jsonRpcId = null;
  ctx.state.rawVersion = requestedVersion(ctx.get(VERSION_HEADER) || undefined, ctx.query);
  // Credentials, rate and scope before the body is even read: a refused caller costs at most a
  // small read for the id of its refusal, and its method never runs.
  try {
    await deps.resolvePrincipal(ctx, target.agent.id);
  } catch (err) {
    ctx.state.jsonRpcId = await peekRequestId(ctx, deps.bodyLimitBytes);
    throw err;
  }

  // §9.1 names application/json; application/a2a+json is JSON too, and refusing it helps no one.
  const body = await readJsonBody(ctx.req, { limitBytes: deps.bodyLimitBytes, mediaTypes: [JSON_MEDIA_TYPE, A2A_MEDIA_TYPE], maxDepth: false });
  if (!body.present) throw A2AError.invalidRequest('The body is empty; expected a JSON-RPC 2.0 request object');
  const request = parseEnvelope(body.value);
  const notification = request.id === undefined;
  ctx.state.jsonRpcId = request.id ?? null;

  try {
    // Only params are ever processed (the envelope's members are checked scalars, others ignored).
    assertNestingWithin(request.params);
    const version = negotiateVersion(ctx.state.rawVersion, SUPPORTED_VERSIONS.JSONRPC);
    const codec = codecFor(version);
    // Own properties only: "constructor" or "__proto__" are not methods.
    const op = Object.hasOwn(codec.jsonRpcMethods, request.method) ? codec.jsonRpcMethods[request.method] : undefined;
    if (!op) throw A2AError.methodNotFound(request.method, methodHint(request.method, codec));
    ctx.state.operation = op;
    if (notification && isStreamingOperation(op)) {
      ctx.status = 204;
      return;
    }
    if (Array.isArray(request.params)) throw A2AError.invalidParams('params must be an object, not an array');
    await dispatch(ctx, deps, target, codec, op, request.params ?? {});
  } catch (err) {
    if (!notification) throw err;
    reportUnexpected(ctx, err);
  }
  if (notification) {
    ctx.status = 204;
    ctx.body = null;
  }
}

async function dispatch(
  ctx: ApiContext,
  deps: EndpointDeps,
  target: AgentTarget,
  codec: VersionCodec,
  op: OperationName,
  rawParams: unknown,
): Promise<void> {
  const parsed = codec.parse(op, rawParams);
  if (op === 'subscribeToTask') {
    const lastEventId = parseLastEventId(ctx.get('Last-Event-ID'));
    if (lastEventId !== undefined) (parsed.params as { lastEventId?: number }).lastEventId = lastEventId;
  }
  const call = await callContext(ctx, deps, target, codec.version, parsed.tenant);
  recordA2ACall(ctx, { op, binding: 'JSONRPC', protocolVersion: codec.version, agentId: target.agent.id, params: parsed.params });
  const rc = renderContext(ctx, deps, target);
  const id = ctx.state.jsonRpcId ?? null;

  if (isStreamingOperation(op)) {
    const streamRc = { ...rc, streamKind: op === 'subscribeToTask' ? ('subscription' as const) : ('send' as const) };
    const errorVersion = errorFormatVersion(ctx.state.rawVersion);
    await pipeSse({
      ctx,
      source: () => executeStream(op, call, parsed.params as never, { handler: deps.handler, agent: target.agent }),
      frame: (item) => ({ jsonrpc: '2.0', id, result: codec.renderStreamEvent(item.event, streamRc) }),
      errorFrame: (err) => ({
        jsonrpc: '2.0',
        id,
        error: jsonRpcErrorObject(reportUnexpected(ctx, err), errorVersion, { requestId: ctx.state.requestId }),
      }),
      earlyError: (err) => writeJsonRpcError(ctx, err),
      heartbeatMs: deps.heartbeatMs,
      registry: deps.streams,
      owner: principalKey(call.principal, ctx.ip),
    });
    return;
  }

  const result = await executeUnary(op, call, parsed.params as never, { handler: deps.handler, agent: target.agent });
  recordA2AResult(result);
  ctx.status = 200;
  ctx.type = JSON_MEDIA_TYPE;
  ctx.body = { jsonrpc: '2.0', id, result: codec.render(op, result as never, rc) };
}

/** The id of the request in the body, or null when the body cannot be read as a request (nothing is run). */
async function peekRequestId(ctx: ApiContext, bodyLimitBytes: number): Promise<JsonRpcId> {
  try {
    const limitBytes = Math.min(bodyLimitBytes, AUTH_REFUSAL_ID_PEEK_BYTES);
    const body = await readJsonBody(ctx.req, { limitBytes, mediaTypes: [JSON_MEDIA_TYPE, A2A_MEDIA_TYPE], maxDepth: false });
    return body.present ? (parseEnvelope(body.value).id ?? null) : null;
  } catch {
    return null;
  }
}

/** A method of the other version is the usual mistake (a missing header means 0.3); say so. */
function methodHint(method: string, codec: VersionCodec): string | undefined {
  if (codec.version === '1.0' && Object.hasOwn(v03Codec.jsonRpcMethods, method)) return 'this is a v0.3 method; send A2A-Version: 0.3';
  if (codec.version === '0.3' && Object.hasOwn(v1Codec.jsonRpcMethods, method)) {
    return 'this is a v1.0 method; send the A2A-Version: 1.0 header (a missing header means 0.3)';
  }
  return undefined;
}
