// The development token of the document tool server, generated once into `<DATA_DIR>/secrets/` like
// the JWT secret: the in-process server requires it (the worker's MCP client is given it), and
// `npm run mcp` on the same DATA_DIR uses the same one, so no tool server runs open by default.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TokenGrant } from '../mcp-server/bearer-auth';
import { readOrCreateSecretFile } from './secret-file';

/** The principal name the generated token stands for in MCP logs and audit lines. */
export const DEV_MCP_PRINCIPAL = 'platform';

export const devMcpTokenFile = (dataDir: string) => path.join(dataDir, 'secrets', 'mcp-token.key');

/** The generated token as a grant of every tool; created (mode 0600) on first use. */
export function devMcpTokenGrant(file: string): TokenGrant {
  const token = readOrCreateSecretFile(file, () => randomBytes(32).toString('base64url') + '\n').trim();
  return { name: DEV_MCP_PRINCIPAL, token, allowedTools: '*' };
}
