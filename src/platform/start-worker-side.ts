// The worker side of the platform: the agents' tools (tool server, MCP pool, model), every activity
// and the Temporal worker. Its own module, imported only by processes that run a worker, so an
// API-only process never loads the SDK worker, the tool server, pdfjs or the model client.
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { StoredPartRenderer } from '../../api/protocol/operations';
import { v1Codec } from '../../api/protocol/v1/codec';
import type { ArtifactStore } from '../artifact-store';
import { createSmtpMailer } from '../../activities/notifications/smtp-mailer';
import { createAuditLog } from '../audit/audit-log';
import type { DecisionLinks } from '../decision-links/decision-link-token';
import type { Logger } from '../logger';
import { startRetentionSweep } from './retention-sweep-start';
import { checkNamespaceRetention } from '../retention/namespace-retention-check';
import { installSdkLogging } from '../temporal/sdk-logging';
import { connectWorker, type TemporalConnections } from '../temporal/temporal-connection';
import type { WebhookPolicy } from '../webhooks/webhook-policy';
import { createTaskWorker } from '../worker/create-task-worker';
import { startAgentTools, type AgentTools } from './agent-tools';
import { meterActivities } from '../metrics/meter-activities';
import { workerActivityMetering } from '../metrics/worker-activity-metering';
import type { PlatformOptions } from './start-platform';

export interface WorkerSideOptions {
  options: PlatformOptions;
  temporal: TemporalConnections;
  client: Client;
  artifacts: ArtifactStore;
  webhookPolicy: WebhookPolicy;
  renderStoredPart: StoredPartRenderer;
  /** Signs the decision links of approver notifications. */
  decisionLinks: DecisionLinks;
  /** Where clients reach the API, for links in push payloads (known once the API listens). */
  publicBaseUrl: () => string;
  logger: Logger;
}

export interface WorkerSide {
  worker: Worker;
  tools: AgentTools;
  /** Drains the worker (running activities get its grace time), then closes tools and connection. */
  close(): Promise<void>;
}

export async function startWorkerSide(side: WorkerSideOptions): Promise<WorkerSide> {
  const { options, temporal, logger } = side;
  if (options.worker.sdkRuntime) installSdkLogging(logger, undefined, options.worker.sdkRuntime);
  const tools = await startAgentTools({
    client: side.client,
    artifacts: side.artifacts,
    model: options.model,
    mcpServers: options.mcpServers,
    toolServer: options.toolServer,
    logger,
  });
  const mailer = options.notifications?.smtp ? createSmtpMailer({ timeoutMs: options.webhooks.timeoutMs, ...options.notifications.smtp }) : undefined;
  const activities = createActivities({
    model: { config: tools.model, logger: logger.child({ component: 'model' }), streamSink: tools.streamSink, captureContent: options.tracing?.captureContent },
    mcp: { pool: tools.pool, logger: logger.child({ component: 'mcp' }) },
    // Documents sent by URL are fetched under the same SSRF policy as webhooks.
    documents: { store: side.artifacts, urlPolicy: side.webhookPolicy, logger },
    notifications: {
      policy: side.webhookPolicy,
      links: side.decisionLinks,
      publicBaseUrl: side.publicBaseUrl,
      secrets: options.notifications?.secrets ?? {},
      ...(mailer ? { mailer } : {}),
      timeoutMs: options.webhooks.timeoutMs,
      audit: createAuditLog(logger),
    },
    retention: {
      client: side.client,
      store: side.artifacts,
      audit: createAuditLog(logger),
      logger: logger.child({ component: 'retention' }),
      settings: options.retention ?? { periodMs: undefined, sweepEveryMs: 3_600_000 },
    },
    push: {
      policy: side.webhookPolicy,
      timeoutMs: options.webhooks.timeoutMs,
      logger: logger.child({ component: 'push' }),
      audit: createAuditLog(logger),
      renderPayload: (event, task) =>
        v1Codec.renderStreamEvent(event, {
          agentId: task.agentId,
          publicBaseUrl: side.publicBaseUrl(),
          agentBaseUrl: side.publicBaseUrl(),
          renderStoredPart: side.renderStoredPart,
        }),
    },
  });
  const metered = options.metrics ? meterActivities(activities, workerActivityMetering(options.metrics, options)) : activities;
  const connection = await connectWorker(temporal).catch(async (err: unknown) => {
    await tools.close();
    throw err;
  });
  const worker = await createTaskWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: options.taskQueue,
    activities: options.worker.instrumentActivities?.(metered) ?? metered,
    workflowBundle: options.worker.workflowBundle,
    maxCachedWorkflows: options.worker.maxCachedWorkflows,
    dataConverter: temporal.dataConverter,
    tracing: options.tracing,
    ...(options.metrics ? { taskMetrics: options.metrics.tasks } : {}),
  }).catch(async (err: unknown) => {
    // Nothing else closes what started before the worker when start-up fails here.
    await tools.close();
    await connection.close();
    throw err;
  });
  const run = worker.run();
  if (options.retention) {
    const { sweepsPerRun, workflowId, ...settings } = options.retention;
    // A namespace that drops closed runs before the sweep looks hides them from it: say so, once, at start-up.
    await checkNamespaceRetention({ connection: side.client, namespace: temporal.namespace, settings, logger }).catch(
      (err: unknown) => logger.error({ err }, 'could not read the namespace retention'),
    );
    // Not fatal: the tasks go on without it, and the next worker start starts it.
    await startRetentionSweep({ client: side.client, taskQueue: options.taskQueue, settings, logger, workflowId, input: sweepsPerRun ? { sweepsPerRun } : {} }).catch(
      (err: unknown) => logger.error({ err }, 'could not start the retention sweep'),
    );
  }
  return {
    worker,
    tools,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
      await tools.close();
      await connection.close();
      mailer?.close();
    },
  };
}
