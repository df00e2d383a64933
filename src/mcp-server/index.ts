// Public surface of the MCP tool server: the server factory, its HTTP and stdio transports, limits,
// allowlists and the error-result conventions clients (the MCP activities) rely on.
export {
  createDocumentToolServer,
  createDocumentToolServerFactory,
  type DocumentToolServerDeps,
  type DocumentToolServerFactory,
} from './create-document-tool-server';
export { defaultToolServerLimits, type ToolServerLimits } from './limits';
export { createTextCache, type TextCache } from './text-source';
export { TOOL_ERROR_META_KEY, type ToolErrorCode } from './tool-errors';
export { isToolAllowed, parseToolAllowlist, toolNames, type ToolAllowlist, type ToolName } from './tool-names';
export { POLICY_URI } from './resources';
export { startMcpHttpServer, MCP_PATH, type McpHttpServer, type McpHttpServerOptions } from './http-server';
export { startMcpStdioServer } from './stdio-server';
export { parseTokenGrants, createBearerAuthenticator, type TokenGrant, type Principal } from './bearer-auth';
