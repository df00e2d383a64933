// Composes the running platform from settings: Temporal (embedded engine or a cluster), the worker
// with every agent workflow and activity, and the A2A API. `npm start` and the end-to-end tests use
// this same wiring; only the entry point reads the environment.
import { randomBytes } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { startApiServer, type ApiServer } from '../../api/server';
import type { ApiDeps, ApiSettings } from '../../api/app-types';
import { createDownloadLinks, signedStoredPartRenderer, type DownloadLinks } from '../../api/artifacts/download-links';
import { createMessagePreparer, type InboundLimits } from '../../api/artifacts/inbound-parts';
import { TaskFeeds } from '../../api/task-service/task-feed';
import { createTemporalRequestHandler } from '../../api/task-service/temporal-request-handler';
import type { TaskServiceLimits } from '../../api/task-service/task-service-deps';
import type { TemporalCallMetrics } from '../../api/temporal/temporal-call-metrics';
import { TemporalTaskGateway } from '../../api/temporal/temporal-task-gateway';
import { createApprovalListing } from '../../api/approvals/approval-listing';
import { mayUseAgent } from '../auth/scopes';
import { createTaskDataPurge } from '../../api/task-service/purge-task-data';
import { A2AError } from '../../api/a2a-error';
import type { AgentRegistry } from '../agents/agent-registry';
import type { McpServerEndpoint } from '../../activities/mcp';
import type { ModelConfig } from '../agent-runtime/model-config';
import type { AgentTools, ToolServerSettings } from './agent-tools';
import { openArtifactStore, type ArtifactStoreSettings } from './artifact-store-setup';
import type { startWorkerSide as StartWorkerSide, WorkerSide } from './start-worker-side';
import { readOrCreateSecretFile } from './secret-file';
import type { Logger } from '../logger';
import type { SmtpSettings } from '../../activities/notifications/smtp-mailer';
import type { RetentionSettings } from '../retention/retention-contract';
import { createAuditLog } from '../audit/audit-log';
import { createDecisionLinks } from '../decision-links/decision-link-token';
import type { Authenticator } from '../auth/authenticator';
import { tracingClientInterceptors } from '../telemetry/temporal-client-tracing';
import type { Tracing } from '../telemetry/tracing';
import type { SdkRuntimeOptions } from '../temporal/sdk-logging';
import { connectTemporal, type TemporalConnections, type TemporalSettings } from '../temporal/temporal-connection';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server';
import type { PlatformMetrics } from '../metrics/platform-metrics';
import { createWebhookPolicy, WebhookRefusedError, type WebhookPolicyOptions } from '../webhooks/webhook-policy';

export interface PlatformOptions {
  temporal: TemporalSettings;
  taskQueue: string;
  api: ApiSettings & { host: string; port: number; enabled?: boolean; resolvePrincipal?: ApiDeps['resolvePrincipal'] };
  agents: AgentRegistry;
  webhooks: WebhookPolicyOptions & { timeoutMs: number };
  worker: {
    enabled: boolean;
    workflowBundle?: { code: string };
    maxCachedWorkflows?: number;
    /**
     * Installs the SDK runtime with the application's logger (once per process, before any worker):
     * `shutdownSignals` [] leaves SIGINT/SIGTERM to the entry point. Omitted: the SDK's defaults.
     */
    sdkRuntime?: SdkRuntimeOptions;
    /** Wraps the activities before registration (benchmarks time them); identity when omitted. */
    instrumentActivities?: (activities: object) => object;
  };
  taskLimits?: Partial<TaskServiceLimits>;
  /** When reads stop waiting for a worker (see TemporalTaskGatewayOptions); the defaults when omitted. */
  reads?: { queryWaitMs?: number; queryBreakerMs?: number };
  /** Principals with this role act as owner of every task of their tenant; default `a2a-operator`, '' for none. */
  operatorRole?: string;
  /** Where documents and other large bytes live (history keeps references): a store, or a directory for one. */
  artifacts: ArtifactStoreSettings;
  /** Limits on incoming messages and the size above which inline files go to the artifact store. */
  inbound?: Partial<InboundLimits>;
  /**
   * Signed download links for stored parts: the secret itself, or a file that keeps a generated one;
   * neither gives a random secret for this process only (links die with it).
   */
  downloads?: { secret?: string; secretFile?: string; ttlSeconds?: number };
  /** Approver notifications: webhook signing secrets by name, and the SMTP server of e-mail channels. */
  notifications?: { secrets?: Record<string, string>; smtp?: Omit<SmtpSettings, 'timeoutMs'> };
  /** The key of signed decision links (approver notifications), kept like the download links' key. */
  decisionLinks?: { secret?: string; secretFile?: string };
  /** The model endpoint; undefined runs the agents' deterministic steps. */
  model?: ModelConfig;
  /** MCP servers agents may use, by name (`documents` defaults to the in-process tool server). */
  mcpServers?: Record<string, McpServerEndpoint>;
  /** Runs the document tool server in this process (as `npm start` does). */
  toolServer?: ToolServerSettings;
  /** Verifies bearer JWTs and API keys on every A2A operation (src/auth); without it every caller is anonymous. */
  authenticator?: Authenticator;
  /**
   * Web UI origins allowed to call the codec server (`/codec`, for operators; served whenever
   * `temporal.payloadCodec` is set). Default: the Web UI of a local dev server (port 8233).
   */
  codecCorsOrigins?: string[];
  /** Serves the inbox page at `/inbox/` from this build directory; `approvalsPollMs`: how often the approvals feeds read visibility. */
  inbox?: { dir?: string; approvalsPollMs?: number };
  /** The retention sweep (README "Retention"); started by the worker side when its period is set. Off when omitted. */
  retention?: RetentionSettings & {
    sweepsPerRun?: number;
    /** Default RETENTION_SWEEP_WORKFLOW_ID; tests sharing a namespace use their own. */
    workflowId?: string;
  };
  /** Counts the API's calls to Temporal (by kind) for monitoring; off when omitted. */
  temporalCallMetrics?: TemporalCallMetrics;
  /** This process's tracing (src/telemetry): Temporal's interceptors on client and worker when on. */
  tracing?: Tracing;
  /** Prometheus metrics of this process (src/metrics): counted by the API and the worker, served at `GET /metrics` to operators. Off when omitted. */
  metrics?: PlatformMetrics;
  /** Also serves the metrics without credentials on their own listener (METRICS_HOST:METRICS_PORT), e.g. for a worker-only process. */
  metricsServer?: { host: string; port: number };
  logger: Logger;
}

/** The Web UI of `temporal server start-dev` (and temporal-dev.yml), by either loopback name a browser may use. */
export const DEFAULT_CODEC_CORS_ORIGINS = ['http://127.0.0.1:8233', 'http://localhost:8233'];

export interface Platform {
  temporal: TemporalConnections;
  api?: ApiServer;
  /** The metrics listener, when `metricsServer` was given. */
  metricsServer?: MetricsServer;
  /** The shared per-task stream feeds of this API process (for monitoring and tests). */
  feeds?: TaskFeeds;
  worker?: Worker;
  tools?: AgentTools;
  client: Client;
  close(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { logger } = options;
  const artifacts = await openArtifactStore(options.artifacts);
  const temporal = await connectTemporal(options.temporal, logger.child({ component: 'temporal' }));
  const client = new Client({
    connection: temporal.client,
    namespace: temporal.namespace,
    dataConverter: temporal.dataConverter,
    interceptors: tracingClientInterceptors(options.tracing),
  });
  const audit = createAuditLog(logger);
  const webhookPolicy = createWebhookPolicy(options.webhooks);
  const links = createLinks(options.downloads);
  const decisionLinks = createDecisionLinks({ secret: linkSecret(options.decisionLinks) });
  const renderStoredPart = signedStoredPartRenderer(links);
  // Known once the API listens (its port may be 0); push payloads render stored parts with it.
  const urls = { publicBaseUrl: options.api.publicBaseUrl ?? `http://${options.api.host}:${options.api.port}` };

  let workerSide: WorkerSide | undefined;
  let api: ApiServer | undefined;
  let feeds: TaskFeeds | undefined;
  let metricsServer: MetricsServer | undefined;
  // A later part failing to start (a busy port) closes what already runs, so nothing keeps the
  // engine's port or the worker's connection open behind the error.
  try {
    if (options.worker.enabled) {
      // Loaded here, not at the top: an API-only process never loads the worker side at all.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startWorkerSide } = require('./start-worker-side') as { startWorkerSide: typeof StartWorkerSide };
      workerSide = await startWorkerSide({
        options,
        temporal,
        client,
        artifacts,
        webhookPolicy,
        renderStoredPart,
        decisionLinks,
        publicBaseUrl: () => urls.publicBaseUrl,
        logger,
      });
    }

    if (options.api.enabled !== false) {
      const gateway = new TemporalTaskGateway({
        client,
        taskQueue: options.taskQueue,
        logger: logger.child({ component: 'gateway' }),
        metrics: options.temporalCallMetrics,
        ...options.reads,
      });
      feeds = new TaskFeeds({ gateway, logger: logger.child({ component: 'feeds' }) });
      const handler = createTemporalRequestHandler({
        gateway,
        feeds,
        logger,
        audit,
        limits: options.taskLimits,
        ...(options.operatorRole !== undefined ? { operatorRole: options.operatorRole } : {}),
        resolveAgent: (agentId) => {
          const agent = options.agents.get(agentId);
          return agent && { workflowType: agent.workflowType, settings: agent.settings, ...agent.capabilities };
        },
        prepareMessage: createMessagePreparer({ store: artifacts, limits: options.inbound }),
        decisionLinks,
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
        ...(options.api.resolvePrincipal ? { resolvePrincipal: options.api.resolvePrincipal } : {}),
        readiness: () => gateway.ping(),
        ...(options.authenticator ? { authenticator: options.authenticator } : {}),
        audit,
        artifactDownloads: { store: artifacts, links },
        approvals: {
          // Without authentication there are no scopes to check (every caller is the same principal).
          listing: createApprovalListing({ gateway, mayUseAgent: (scopes, agentId) => !options.authenticator || mayUseAgent(scopes, agentId) }),
          pollMs: options.inbox?.approvalsPollMs,
        },
        ...(options.inbox?.dir ? { inbox: { dir: options.inbox.dir } } : {}),
        decisionLinks,
        taskDataPurge: {
          purge: createTaskDataPurge({ gateway, store: artifacts, audit }),
          ...(options.operatorRole !== undefined ? { operatorRole: options.operatorRole } : {}),
        },
        ...(options.metrics ? { metrics: { metrics: options.metrics, ...(options.operatorRole !== undefined ? { operatorRole: options.operatorRole } : {}) } } : {}),
        ...(options.temporal.payloadCodec
          ? {
              codecServer: {
                codec: options.temporal.payloadCodec,
                namespace: temporal.namespace,
                corsOrigins: options.codecCorsOrigins ?? DEFAULT_CODEC_CORS_ORIGINS,
                ...(options.operatorRole !== undefined ? { operatorRole: options.operatorRole } : {}),
              },
            }
          : {}),
      });
      if (!options.api.publicBaseUrl) urls.publicBaseUrl = api.url;
    }
    if (options.metrics && options.metricsServer) {
      metricsServer = await startMetricsServer({ metrics: options.metrics, ...options.metricsServer, logger: logger.child({ component: 'metrics' }) });
    }
  } catch (err) {
    await api?.close().catch(() => undefined);
    await workerSide?.close().catch(() => undefined);
    await temporal.close().catch(() => undefined);
    throw err;
  }

  return {
    temporal,
    api,
    feeds,
    worker: workerSide?.worker,
    tools: workerSide?.tools,
    client,
    metricsServer,
    async close() {
      await api?.close();
      await metricsServer?.close();
      await workerSide?.close();
      await temporal.close();
    },
  };
}

function createLinks(settings: PlatformOptions['downloads'] = {}): DownloadLinks {
  return createDownloadLinks({ secret: linkSecret(settings), ttlSeconds: settings.ttlSeconds });
}

function linkSecret(settings: { secret?: string; secretFile?: string } = {}): string | Uint8Array {
  const fromFile = (file: string) => readOrCreateSecretFile(file, () => randomBytes(32).toString('base64url') + '\n').trim();
  return settings.secret ?? (settings.secretFile ? fromFile(settings.secretFile) : randomBytes(32));
}
