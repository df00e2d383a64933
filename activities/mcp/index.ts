// MCP activities and the per-worker connection pool they share.
export { createMcpActivities, type McpActivitiesDeps } from './create-mcp-activities';
export { createMcpConnectionPool, type McpConnection, type McpConnectionPool, type McpConnectionPoolOptions, type McpServerEndpoint } from './connection-pool';
