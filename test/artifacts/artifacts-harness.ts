// The real stack for artifact tests: the platform as `npm start` wires it (small inbound limits, a
// known link secret, a memory store the test can read), plus a second API over the same Temporal and
// store whose caller is chosen per request (`x-test-subject`, `x-test-roles`), for isolation checks.
import { createDownloadLinks } from '../../api/artifacts/download-links';
import { createMessagePreparer, type InboundLimits } from '../../api/artifacts/inbound-parts';
import type { Principal } from '../../api/request-handler';
import { startApiServer, type ApiServer } from '../../api/server';
import { TaskFeeds } from '../../api/task-service/task-feed';
import { createTemporalRequestHandler } from '../../api/task-service/temporal-request-handler';
import { TemporalTaskGateway } from '../../api/temporal/temporal-task-gateway';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { createMemoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';
import { createSilentLogger } from '../../src/logger';
import { startTestPlatform } from '../support/platform-harness';

export const LINK_SECRET = 'artifact-tests-link-secret-0123456789abcdef';
export const LIMITS: InboundLimits = {
  inlineThresholdBytes: 1024,
  maxPartBytes: 96 * 1024,
  maxMessageBytes: 128 * 1024,
  maxInlineBytes: 4096,
  maxParts: 4,
};

export type ArtifactsPlatform = Awaited<ReturnType<typeof startTestPlatform>> & { store: ArtifactStore; taskQueue: string };

export async function startArtifactsPlatform(): Promise<ArtifactsPlatform> {
  const store = createMemoryArtifactStore();
  const taskQueue = `artifacts-${process.pid}-${Date.now()}`;
  const platform = await startTestPlatform({
    taskQueue,
    artifacts: { store },
    inbound: LIMITS,
    downloads: { secret: LINK_SECRET },
    // The document tools, so `document-verifier` runs and produces a stored artifact (its redacted copy).
    toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
  });
  return Object.assign(platform, { store, taskQueue });
}

function headerPrincipal(headers: Record<string, string | string[] | undefined>): Principal {
  const subject = typeof headers['x-test-subject'] === 'string' ? headers['x-test-subject'] : 'anonymous';
  const roles = typeof headers['x-test-roles'] === 'string' ? headers['x-test-roles'].split(',') : [];
  return { tenant: 'default', subject, scopes: [], authenticated: subject !== 'anonymous', roles };
}

/** An API over the platform's Temporal and store, with the caller taken from test headers. */
export async function startPrincipalApi(platform: ArtifactsPlatform): Promise<ApiServer> {
  const logger = createSilentLogger();
  const agents = createAgentRegistry();
  const gateway = new TemporalTaskGateway({ client: platform.client, taskQueue: platform.taskQueue, logger });
  const handler = createTemporalRequestHandler({
    gateway,
    feeds: new TaskFeeds({ gateway, logger }),
    logger,
    resolveAgent: (agentId) => {
      const agent = agents.get(agentId);
      return agent && { workflowType: agent.workflowType, settings: agent.settings, ...agent.capabilities };
    },
    validateWebhookUrl: async () => {},
    prepareMessage: createMessagePreparer({ store: platform.store, limits: LIMITS }),
  });
  return startApiServer({
    handler,
    agents,
    logger,
    resolvePrincipal: (ctx) => headerPrincipal(ctx.headers),
    artifactDownloads: { store: platform.store, links: createDownloadLinks({ secret: LINK_SECRET }) },
  });
}

let counter = 0;
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
