// Payload encryption from the process configuration: PAYLOAD_ENCRYPTION_KEYS (+ _ACTIVE_KEY), else a
// development key generated once in `<DATA_DIR>/secrets/payload-keys.json`; production without keys
// refuses to start; PAYLOAD_ENCRYPTION_DISABLED=true turns it off with a warning. The same keys
// encrypt artifact blobs at rest, so one rotation covers history and stored documents.
import type { PayloadCodec } from '@temporalio/common';
import { createEncryptionCodec } from '../codec/encryption-codec';
import type { KeyRingOptions } from '../codec/key-ring';
import { ConfigError, type AppConfig } from '../config';
import type { Logger } from '../logger';
import { devPayloadKeyFile, loadPayloadKeys } from './payload-keys';

export const devCodecKeyFile = (config: AppConfig) => devPayloadKeyFile(config.env.DATA_DIR);

export interface ResolvedCodec {
  codec?: PayloadCodec;
  /** The keys behind the codec, for the artifact store; undefined when encryption is off. */
  keys?: KeyRingOptions;
  summary: string;
}

export function resolvePayloadCodec(config: AppConfig, logger: Logger): ResolvedCodec {
  const { env } = config;
  if (env.PAYLOAD_ENCRYPTION_DISABLED) {
    logger.warn('PAYLOAD_ENCRYPTION_DISABLED=true: messages, documents and push credentials are stored in Temporal history and the artifact store in clear text');
    return { summary: 'off (PAYLOAD_ENCRYPTION_DISABLED=true)' };
  }
  const { keys, activeKeyId, source } = loadPayloadKeys({
    keys: env.PAYLOAD_ENCRYPTION_KEYS,
    activeKeyId: env.PAYLOAD_ENCRYPTION_ACTIVE_KEY,
    production: config.production,
    dataDir: env.DATA_DIR,
  });
  try {
    const codec = createEncryptionCodec({ keys, activeKeyId });
    return { codec, keys: { keys, activeKeyId: codec.activeKeyId }, summary: `AES-256-GCM, active key ${codec.activeKeyId} (${keys.length} key(s) from ${source})` };
  } catch (err) {
    throw new ConfigError(`payload encryption: ${err instanceof Error ? err.message : String(err)}`);
  }
}
