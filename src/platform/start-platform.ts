// Composes the running platform from settings: Temporal (embedded engine or a cluster), the worker
// with every agent workflow and activity, and the A2A API. `npm start` and the end-to-end tests use
// this same wiring; only the entry point reads the environment.
import type { Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createActivities } from '../../activities';
import { startApiServer, type ApiServer } from '../../api/server';
import type { ApiSettings } from '../../api/app-types';
import { defaultStoredPartRenderer } from '../../api/protocol/operations';
import { v1Codec } from '../../api/protocol/v1/codec';
import { TaskFeeds } from '../../api/task-service/task-feed';
import { createTemporalRequestHandler } from '../../api/task-service/temporal-request-handler';
import type { TaskServiceLimits } from '../../api/task-service/task-service-deps';
import type { TemporalCallMetrics } from '../../api/temporal/temporal-call-metrics';
import { TemporalTaskGateway } from '../../api/temporal/temporal-task-gateway';
import { A2AError } from '../../api/a2a-error';
import type { AgentRegistry } from '../agents/agent-registry';
import type { Logger } from '../logger';
import { connectTemporal, type TemporalConnections, type TemporalSettings } from '../temporal/temporal-connection';
import { createWebhookPolicy, WebhookRefusedError, type WebhookPolicyOptions } from '../webhooks/webhook-policy';
import { createTaskWorker } from '../worker/create-task-worker';

export interface PlatformOptions {
  temporal: TemporalSettings;
  taskQueue: string;
  api: ApiSettings & { host: string; port: number; enabled?: boolean };
  agents: AgentRegistry;
  webhooks: WebhookPolicyOptions & { timeoutMs: number };
  worker: { enabled: boolean; workflowBundle?: { code: string }; maxCachedWorkflows?: number };
  taskLimits?: Partial<TaskServiceLimits>;
  /** Counts the API's calls to Temporal (by kind) for monitoring; off when omitted. */
  temporalCallMetrics?: TemporalCallMetrics;
  logger: Logger;
}

export interface Platform {
  temporal: TemporalConnections;
  api?: ApiServer;
  /** The shared per-task stream feeds of this API process (for monitoring and tests). */
  feeds?: TaskFeeds;
  worker?: Worker;
  client: Client;
  close(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { logger } = options;
  const temporal = await connectTemporal(options.temporal, logger.child({ component: 'temporal' }));
  const client = new Client({ connection: temporal.client, namespace: temporal.namespace });
  const webhookPolicy = createWebhookPolicy(options.webhooks);
  // Known once the API listens (its port may be 0); push payloads render stored parts with it.
  const urls = { publicBaseUrl: options.api.publicBaseUrl ?? `http://${options.api.host}:${options.api.port}` };

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  if (options.worker.enabled) {
    const activities = createActivities({
      push: {
        policy: webhookPolicy,
        timeoutMs: options.webhooks.timeoutMs,
        logger: logger.child({ component: 'push' }),
        renderPayload: (event) =>
          v1Codec.renderStreamEvent(event, {
            agentId: '',
            publicBaseUrl: urls.publicBaseUrl,
            agentBaseUrl: urls.publicBaseUrl,
            renderStoredPart: defaultStoredPartRenderer,
          }),
      },
    });
    worker = await createTaskWorker({
      connection: temporal.worker,
      namespace: temporal.namespace,
      taskQueue: options.taskQueue,
      activities,
      workflowBundle: options.worker.workflowBundle,
      maxCachedWorkflows: options.worker.maxCachedWorkflows,
    });
    workerRun = worker.run();
  }

  let api: ApiServer | undefined;
  let feeds: TaskFeeds | undefined;
  if (options.api.enabled !== false) {
    const gateway = new TemporalTaskGateway({
      client,
      taskQueue: options.taskQueue,
      logger: logger.child({ component: 'gateway' }),
      metrics: options.temporalCallMetrics,
    });
    feeds = new TaskFeeds({ gateway, logger: logger.child({ component: 'feeds' }) });
    const handler = createTemporalRequestHandler({
      gateway,
      feeds,
      logger,
      limits: options.taskLimits,
      resolveAgent: (agentId) => {
        const agent = options.agents.get(agentId);
        return agent && { workflowType: agent.workflowType, settings: agent.settings, ...agent.capabilities };
      },
      validateWebhookUrl: async (url) => {
        try {
          await webhookPolicy.check(url);
        } catch (err) {
          if (err instanceof WebhookRefusedError) throw A2AError.invalidParams(err.message, { field: 'url' });
          throw err;
        }
      },
    });
    api = await startApiServer({
      handler,
      agents: options.agents,
      logger: logger.child({ component: 'api' }),
      host: options.api.host,
      port: options.api.port,
      settings: options.api,
      readiness: () => gateway.ping(),
    });
    if (!options.api.publicBaseUrl) urls.publicBaseUrl = api.url;
  }

  return {
    temporal,
    api,
    feeds,
    worker,
    client,
    async close() {
      await api?.close();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await temporal.close();
    },
  };
}
