// What agents use besides Temporal: the document tool server (started in this process for
// `npm start`, or reached at a URL), the per-worker MCP connection pool, and the model endpoint
// with a stream sink that turns streamed output into durable task events.
import type { Client } from '@temporalio/client';
import { createMcpConnectionPool, type McpConnectionPool, type McpServerEndpoint } from '../../activities/mcp';
import { createSignalingStreamSink, type StreamSink } from '../../activities/llm';
import { isModelConfigured, type ModelConfig } from '../agent-runtime/model-config';
import type { ArtifactStore } from '../artifact-store';
import { createPdfExtractor, defaultVerificationPolicy, type PdfExtractor } from '../documents';
import type { Logger } from '../logger';
import { startMcpHttpServer, type McpHttpServer, type TokenGrant } from '../mcp-server';
import { appendArtifactChunkSignal, taskWorkflowId } from '../task-runtime/contract';

/** The name agents use for the built-in document tool server. */
export const DOCUMENT_TOOLS_SERVER = 'documents';

export interface ToolServerSettings {
  enabled: boolean;
  host: string;
  port: number;
  tokens?: TokenGrant[];
  requireToken?: boolean;
  toolTimeoutMs?: number;
}

export interface AgentToolsOptions {
  client: Client;
  artifacts: ArtifactStore;
  /** Undefined: agents run their deterministic steps and say so. */
  model?: ModelConfig;
  /** MCP servers by name; `documents` defaults to the in-process tool server when it runs. */
  mcpServers?: Record<string, McpServerEndpoint>;
  toolServer?: ToolServerSettings;
  logger: Logger;
}

export interface AgentTools {
  model?: ModelConfig;
  pool: McpConnectionPool;
  streamSink: StreamSink;
  toolServer?: McpHttpServer;
  close(): Promise<void>;
}

export async function startAgentTools(options: AgentToolsOptions): Promise<AgentTools> {
  const { logger } = options;
  let toolServer: McpHttpServer | undefined;
  let pdf: PdfExtractor | undefined;
  const servers: Record<string, McpServerEndpoint> = { ...options.mcpServers };
  if (options.toolServer?.enabled) {
    pdf = createPdfExtractor({ ...(options.toolServer.toolTimeoutMs ? { timeoutMs: options.toolServer.toolTimeoutMs } : {}) });
    const extractor = pdf;
    toolServer = await startMcpHttpServer({
      store: options.artifacts,
      pdf,
      policy: defaultVerificationPolicy(),
      logger: logger.child({ component: 'mcp-server' }),
      host: options.toolServer.host,
      port: options.toolServer.port,
      tokens: options.toolServer.tokens,
      requireToken: options.toolServer.requireToken,
      ...(options.toolServer.toolTimeoutMs ? { limits: { toolTimeoutMs: options.toolServer.toolTimeoutMs } } : {}),
    }).catch(async (err: unknown) => {
      await extractor.close(); // a busy port must not leave PDF worker threads behind
      throw err;
    });
    const token = options.toolServer.tokens?.[0]?.token;
    servers[DOCUMENT_TOOLS_SERVER] ??= { url: toolServer.url, ...(token ? { bearerToken: token } : {}) };
  }
  if (!isModelConfigured(options.model)) {
    // Said once here rather than as a failed model step in every task.
    logger.info('no model is configured (set OPENAI_MODEL with OPENAI_BASE_URL or OPENAI_API_KEY): agents run their deterministic steps');
  }
  const pool = createMcpConnectionPool({ servers, logger: logger.child({ component: 'mcp-pool' }) });
  // Streamed model output becomes signals to the task's workflow, so chunks are sequenced durably.
  const streamSink = createSignalingStreamSink({
    signal: (workflowId, payload) => options.client.workflow.getHandle(workflowId).signal(appendArtifactChunkSignal, payload),
    workflowIdForTask: taskWorkflowId,
  });
  return {
    model: options.model,
    pool,
    streamSink,
    toolServer,
    async close() {
      await pool.close();
      await toolServer?.close();
      await pdf?.close();
    },
  };
}
