// The v1.0 HTTP+JSON binding (§11): REST routes carry ids in the path, GET/DELETE parameters in the
// query (camelCase, §11.5), POST bodies are the proto request messages; errors are google.rpc.Status
// bodies with the §5.4 HTTP status; streams are SSE whose `data:` is a StreamResponse.
import { A2AError } from '../a2a-error';
import type { ApiContext } from '../app-types';
import { readJsonBody } from '../http/json-body';
import { pipeSse } from '../http/sse';
import { principalKey } from '../limits/principal-key';
import { httpErrorBody } from '../protocol/error-wire';
import { executeStream, executeUnary } from '../protocol/execute';
import { isStreamingOperation } from '../protocol/operations';
import { v1Codec } from '../protocol/v1/codec';
import { withJsonNames } from '../protocol/v1/proto-names';
import { negotiateVersion, requestedVersion, SUPPORTED_VERSIONS, VERSION_HEADER } from '../protocol/version';
import {
  A2A_MEDIA_TYPE,
  callContext,
  JSON_MEDIA_TYPE,
  renderContext,
  reportUnexpected,
  writeHttpError,
  type AgentTarget,
  type EndpointDeps,
} from './endpoint';
import type { RouteMatch } from './http-json-routes';
import { parseLastEventId } from './last-event-id';
import { recordA2ACall, recordA2AResult } from '../telemetry/a2a-call-span';

type Query = Record<string, string | string[] | undefined>;

/** Query values are strings; numbers and booleans are converted only when they are exactly that, so
 * anything else reaches the schema as a string and is reported against its field name. */
function coerce(query: Query, numbers: readonly string[], booleans: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (numbers.includes(key) && typeof value === 'string' && /^-?\d+$/.test(value)) out[key] = Number(value);
    else if (booleans.includes(key) && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else out[key] = value;
  }
  return out;
}

/** Bodies and queries take JSON names here, before the path's ids are added: the path wins over a `task_id`. */
async function rawParams(ctx: ApiContext, deps: EndpointDeps, route: RouteMatch): Promise<Record<string, unknown>> {
  const query = withJsonNames(ctx.query as Query);
  const body = async (): Promise<Record<string, unknown>> => {
    const read = await readJsonBody(ctx.req, { limitBytes: deps.bodyLimitBytes, mediaTypes: [JSON_MEDIA_TYPE, A2A_MEDIA_TYPE] });
    if (!read.present) return {};
    if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value)) {
      throw A2AError.invalidParams('The request body must be a JSON object');
    }
    return withJsonNames(read.value as Record<string, unknown>);
  };
  switch (route.op) {
    case 'sendMessage':
    case 'sendStreamingMessage':
      return body();
    case 'getTask':
      return { ...coerce(query, ['historyLength'], []), id: route.taskId };
    case 'listTasks':
      return coerce(query, ['pageSize', 'historyLength', 'status'], ['includeArtifacts']);
    case 'cancelTask':
      return { ...(await body()), id: route.taskId };
    case 'subscribeToTask':
      return { id: route.taskId };
    case 'createPushConfig':
      return { ...(await body()), taskId: route.taskId };
    case 'getPushConfig':
    case 'deletePushConfig':
      return { taskId: route.taskId, id: route.configId };
    case 'listPushConfigs':
      return { ...coerce(query, ['pageSize'], []), taskId: route.taskId };
    case 'getExtendedAgentCard':
      return {};
  }
}

export async function handleHttpJson(ctx: ApiContext, deps: EndpointDeps, target: AgentTarget, route: RouteMatch): Promise<void> {
  ctx.state.binding = 'HTTP+JSON';
  ctx.state.rawVersion = requestedVersion(ctx.get(VERSION_HEADER) || undefined, ctx.query);
  // Credentials, rate and scope before the body is even read: a refused caller costs nothing more.
  await deps.resolvePrincipal(ctx, target.agent.id);
  const version = negotiateVersion(ctx.state.rawVersion, SUPPORTED_VERSIONS['HTTP+JSON']);

  const raw = await rawParams(ctx, deps, route);
  // The path's tenant is canonical; a different `tenant` in the body or query is overridden.
  const parsed = v1Codec.parse(route.op, route.tenant !== undefined ? { ...raw, tenant: route.tenant } : raw);
  if (route.op === 'subscribeToTask') {
    const lastEventId = parseLastEventId(ctx.get('Last-Event-ID'));
    if (lastEventId !== undefined) (parsed.params as { lastEventId?: number }).lastEventId = lastEventId;
  }
  const call = await callContext(ctx, deps, target, version, parsed.tenant);
  recordA2ACall(ctx, { op: route.op, binding: 'HTTP+JSON', protocolVersion: version, agentId: target.agent.id, params: parsed.params });
  const rc = renderContext(ctx, deps, target);
  const execution = { handler: deps.handler, agent: target.agent };

  if (isStreamingOperation(route.op)) {
    const op = route.op;
    await pipeSse({
      ctx,
      source: () => executeStream(op, call, parsed.params as never, execution),
      frame: (item) => v1Codec.renderStreamEvent(item.event, rc),
      errorFrame: (err) => httpErrorBody(reportUnexpected(ctx, err), { requestId: ctx.state.requestId }),
      earlyError: (err) => writeHttpError(ctx, err),
      heartbeatMs: deps.heartbeatMs,
      registry: deps.streams,
      owner: principalKey(call.principal, ctx.ip),
    });
    return;
  }

  const result = await executeUnary(route.op, call, parsed.params as never, execution);
  recordA2AResult(result);
  ctx.type = A2A_MEDIA_TYPE;
  if (route.op === 'deletePushConfig') {
    ctx.status = 204;
    ctx.body = null;
    return;
  }
  ctx.status = route.op === 'createPushConfig' ? 201 : 200;
  ctx.body = v1Codec.render(route.op, result as never, rc);
}
