// The document tool server: an McpServer with the document tools (only those the connection's
// principal may use), the document and policy resources and the report prompt. Every transport it
// connects to is wrapped with the tool-call audit. One server per connection; no shared state
// except what its deps share (store, PDF workers, text cache).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ArtifactStore } from '../artifact-store';
import type { PdfExtractor, VerificationPolicy } from '../documents';
import type { Logger } from '../logger';
import { defaultToolServerLimits, type ToolServerLimits } from './limits';
import { registerPrompts } from './prompts';
import { registerResources } from './resources';
import type { TextCache } from './text-source';
import { withToolCallAudit } from './tool-call-audit';
import type { ToolAllowlist } from './tool-names';
import { analysisTools } from './tools/analysis-tools';
import { registerTools } from './tools/define-tool';
import { extractTools } from './tools/extract-tools';
import { piiTools } from './tools/pii-tools';
import type { ToolDeps } from './tools/tool-deps';

export interface DocumentToolServerDeps {
  store: ArtifactStore;
  pdf: PdfExtractor;
  policy: VerificationPolicy;
  logger: Logger;
  limits?: Partial<ToolServerLimits>;
  /** The tools this connection's principal may see and call; default all. */
  allowedTools?: ToolAllowlist;
  textCache?: TextCache;
  now?: () => Date;
}

const INSTRUCTIONS =
  'Document-verification tools. Pass a document as {documentId} (an artifact store id; preferred), as ' +
  '{contentBase64, mediaType}, or as {text}. Analysis tools extract text themselves (PDFs are parsed once and ' +
  'cached). A verification usually runs fingerprint_document, check_required_fields, detect_pii, ' +
  'check_consistency and classify_document, then the verification_report prompt; the verification policy ' +
  'resource (policy://verification) says when a person must approve.';

class AuditedMcpServer extends McpServer {
  constructor(private readonly auditLogger: Logger) {
    super(
      { name: 'a2a-temporal-documents', title: 'Document verification tools', version: '0.1.0' },
      { capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} }, instructions: INSTRUCTIONS },
    );
  }

  override async connect(transport: Transport): Promise<void> {
    await super.connect(withToolCallAudit(transport, this.auditLogger));
  }
}

/** Creates the server of one connection, for the tools that connection's principal may use. */
export type DocumentToolServerFactory = (allowedTools: ToolAllowlist) => McpServer;

/**
 * Builds the tool definitions (zod schemas included) once; each server it then creates only
 * registers them. The HTTP transport creates a server per request, so this is its hot path.
 */
export function createDocumentToolServerFactory(deps: Omit<DocumentToolServerDeps, 'allowedTools'>): DocumentToolServerFactory {
  const toolDeps: ToolDeps = {
    store: deps.store,
    pdf: deps.pdf,
    policy: deps.policy,
    limits: { ...defaultToolServerLimits(), ...deps.limits },
    logger: deps.logger,
    textCache: deps.textCache,
    now: deps.now ?? (() => new Date()),
  };
  const definitions = [...extractTools(toolDeps), ...analysisTools(toolDeps), ...piiTools(toolDeps)];
  return (allowedTools) => {
    const server = new AuditedMcpServer(deps.logger);
    registerTools(server, toolDeps, definitions, allowedTools);
    registerResources(server, toolDeps, allowedTools);
    registerPrompts(server, deps.policy);
    return server;
  };
}

export function createDocumentToolServer(deps: DocumentToolServerDeps): McpServer {
  return createDocumentToolServerFactory(deps)(deps.allowedTools ?? '*');
}
