// Discovery: `GET /agents` (filter `?tag=` by skill tag, repeatable; `?q=` free text) and the agent
// cards, per agent at `/agents/{id}/.well-known/agent-card.json` and for the default agent at
// `/.well-known/agent-card.json` (whose interfaces point at the root endpoints).
//
// Card version: `A2A-Version: 1.0` (or the query parameter) gets the v1.0 card — what @a2a-js/sdk's
// resolver sends, even with legacy compat on. No version or `0.3` gets the v0.3-shaped card with the
// v1.0 `supportedInterfaces` embedded, which is what v0.3 clients read (`url`, `preferredTransport`)
// and still lets a header-less v1.0 client find its interfaces. Other versions get the v1.0 card:
// discovery should help a newer client pick an interface rather than refuse it. `Vary: A2A-Version`.
import { createHash } from 'node:crypto';
import type Router from '@koa/router';
import type { AgentDefinition } from '../../src/agents/agent-definition';
import type { AgentRegistry } from '../../src/agents/agent-registry';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import { publicBaseUrl } from '../bindings/endpoint';
import { agentCardToV03 } from '../protocol/v03/card';
import { agentCardToV1 } from '../protocol/v1/card';
import { errorFormatVersion, requestedVersion, VERSION_HEADER } from '../protocol/version';

export const AGENT_CARD_PATH = '/.well-known/agent-card.json';

export interface AgentRoutesOptions {
  agents: AgentRegistry;
  publicBaseUrl?: string;
  cardMaxAgeSeconds: number;
}

export const agentPath = (agentId: string) => `/agents/${encodeURIComponent(agentId)}`;

interface CardCaching {
  maxAgeSeconds: number;
  /** When the registry the cards come from was fixed (it cannot change while the server runs). */
  lastModified: Date;
}

function sendCard(ctx: ApiContext, agent: AgentDefinition, agentBaseUrl: string, caching: CardCaching): void {
  const version = errorFormatVersion(requestedVersion(ctx.get(VERSION_HEADER) || undefined, ctx.query));
  const card = version === '1.0' ? agentCardToV1(agent, agentBaseUrl) : agentCardToV03(agent, agentBaseUrl);
  const body = JSON.stringify(card);
  ctx.set('Vary', VERSION_HEADER);
  ctx.set('Cache-Control', `public, max-age=${caching.maxAgeSeconds}`);
  ctx.etag = `W/"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  // For caches and clients that revalidate by date; `ctx.fresh` prefers If-None-Match when both come.
  ctx.lastModified = caching.lastModified;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json';
  ctx.body = body;
}

function summary(agent: AgentDefinition, base: string, defaultAgentId: string) {
  const url = `${base}${agentPath(agent.id)}`;
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    version: agent.version,
    default: agent.id === defaultAgentId,
    url,
    cardUrl: `${url}${AGENT_CARD_PATH}`,
    capabilities: agent.capabilities,
    skills: agent.skills.map(({ id, name, description, tags, examples }) => ({ id, name, description, tags, ...(examples ? { examples } : {}) })),
  };
}

const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export function registerAgentRoutes(router: Router<ApiState>, options: AgentRoutesOptions): void {
  const { agents } = options;
  // Whole seconds: HTTP dates have no finer resolution, and If-Modified-Since compares against them.
  const caching = { maxAgeSeconds: options.cardMaxAgeSeconds, lastModified: new Date(Math.floor(Date.now() / 1000) * 1000) };

  router.get('/agents', (ctx) => {
    const q = Array.isArray(ctx.query.q) ? ctx.query.q.join(' ') : ctx.query.q;
    const base = publicBaseUrl(ctx, options.publicBaseUrl);
    const found = agents.search({ tags: list(ctx.query.tag), q });
    ctx.body = { agents: found.map((a) => summary(a, base, agents.defaultAgentId)) };
  });

  router.get(AGENT_CARD_PATH, (ctx) => {
    const agent = agents.get(agents.defaultAgentId);
    if (!agent) throw A2AError.agentNotFound(agents.defaultAgentId);
    sendCard(ctx, agent, publicBaseUrl(ctx, options.publicBaseUrl), caching);
  });

  router.get(`/agents/:agentId${AGENT_CARD_PATH}`, (ctx) => {
    const agent = agents.get(ctx.params.agentId);
    if (!agent) throw A2AError.agentNotFound(ctx.params.agentId);
    sendCard(ctx, agent, `${publicBaseUrl(ctx, options.publicBaseUrl)}${agentPath(agent.id)}`, caching);
  });
}
