// The secrets `npm run mcp` runs with, resolved once at start: the payload keys its artifact store
// seals blobs with and the bearer tokens of its HTTP transport. In development both come from
// DATA_DIR/secrets (created on first use, shared with `npm start` on the same DATA_DIR).
import type { KeyRingOptions } from '../codec/key-ring';
import { devMcpTokenFile, devMcpTokenGrant } from '../platform/mcp-dev-token';
import { loadPayloadKeys } from '../platform/payload-keys';
import type { TokenGrant } from './bearer-auth';
import type { McpConfig } from './config';

export interface McpSecrets {
  encryption?: KeyRingOptions;
  tokens: TokenGrant[];
  /** Where the generated development token lives, when it is the one in use. */
  devTokenFile?: string;
}

export function resolveMcpSecrets(config: McpConfig): McpSecrets {
  const encryption = config.payloadKeys && loadPayloadKeys({ ...config.payloadKeys, production: config.production, dataDir: config.dataDir });
  const keys = encryption && { keys: encryption.keys, ...(encryption.activeKeyId ? { activeKeyId: encryption.activeKeyId } : {}) };
  const generate = config.mode === 'http' && config.requireToken && config.tokens.length === 0 && !config.production;
  if (!generate) return { ...(keys ? { encryption: keys } : {}), tokens: config.tokens };
  const devTokenFile = devMcpTokenFile(config.dataDir);
  return { ...(keys ? { encryption: keys } : {}), tokens: [devMcpTokenGrant(devTokenFile)], devTokenFile };
}
