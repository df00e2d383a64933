// Routes A2A traffic to an agent and a binding. `/agents/{agentId}` is that agent's base URL; the
// root is the default agent's. At a base URL, POST is JSON-RPC and the HTTP+JSON routes hang below.
// Tenants named "agents" are thereby unreachable at the root: `/agents/…` always addresses an agent.
import type Koa from 'koa';
import type { AgentRegistry } from '../../src/agents/agent-registry';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import { publicBaseUrl, type AgentTarget, type EndpointDeps } from '../bindings/endpoint';
import { handleHttpJson } from '../bindings/http-json';
import { matchRoute } from '../bindings/http-json-routes';
import { a2aRouteLabel } from '../http/http-metrics';
import { handleJsonRpc } from '../bindings/json-rpc';
import { agentPath } from './agents';

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function resolveTarget(ctx: ApiContext, agents: AgentRegistry, deps: EndpointDeps): { target: AgentTarget; rest: string } {
  const base = publicBaseUrl(ctx, deps.publicBaseUrl);
  const path = ctx.path;
  if (path.startsWith('/agents/')) {
    const [, , rawId, ...rest] = path.split('/');
    const agentId = decodeSegment(rawId);
    const agent = agents.get(agentId);
    if (!agent) throw A2AError.agentNotFound(agentId);
    return { target: { agent, agentBaseUrl: `${base}${agentPath(agent.id)}` }, rest: `/${rest.join('/')}` };
  }
  const agent = agents.get(agents.defaultAgentId);
  if (!agent) throw A2AError.agentNotFound(agents.defaultAgentId);
  return { target: { agent, agentBaseUrl: base }, rest: path };
}

export function a2aRoutes(agents: AgentRegistry, deps: EndpointDeps): Koa.Middleware<ApiState> {
  return async (ctx: ApiContext, next) => {
    const { target, rest } = resolveTarget(ctx, agents, deps);
    const agentBase = ctx.path.startsWith('/agents/') ? '/agents/:agentId' : '';
    ctx.state.agentId = target.agent.id;
    if (rest === '/' || rest === '') {
      ctx.state.route = a2aRouteLabel(agentBase);
      if (ctx.method !== 'POST') throw A2AError.methodNotAllowed(ctx.method, ctx.path, ['POST']);
      await handleJsonRpc(ctx, deps, target);
      return;
    }
    const route = matchRoute(ctx.method, rest);
    if (route.kind === 'method-not-allowed') throw A2AError.methodNotAllowed(ctx.method, ctx.path, route.allowed);
    if (route.kind === 'none') return next();
    ctx.state.route = a2aRouteLabel(agentBase, route.match);
    ctx.state.operation = route.match.op;
    await handleHttpJson(ctx, deps, target, route.match);
  };
}
