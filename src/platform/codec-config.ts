// Payload encryption from the process configuration: PAYLOAD_ENCRYPTION_KEYS (+ _ACTIVE_KEY), else a
// development key generated once in `<DATA_DIR>/secrets/payload-keys.json`; production without keys
// refuses to start; PAYLOAD_ENCRYPTION_DISABLED=true turns it off with a warning. The same keys
// encrypt artifact blobs at rest, so one rotation covers history and stored documents.
import path from 'node:path';
import type { PayloadCodec } from '@temporalio/common';
import { keysFromFile, newCodecKeyFile, parseCodecKeys } from '../codec/codec-keys';
import { createEncryptionCodec, type CodecKey } from '../codec/encryption-codec';
import type { KeyRingOptions } from '../codec/key-ring';
import { ConfigError, type AppConfig } from '../config';
import type { Logger } from '../logger';
import { readOrCreateSecretFile } from './secret-file';

export const devCodecKeyFile = (config: AppConfig) => path.join(config.env.DATA_DIR, 'secrets', 'payload-keys.json');

export interface ResolvedCodec {
  codec?: PayloadCodec;
  /** The keys behind the codec, for the artifact store; undefined when encryption is off. */
  keys?: KeyRingOptions;
  summary: string;
}

export function resolvePayloadCodec(config: AppConfig, logger: Logger): ResolvedCodec {
  const { env } = config;
  if (env.PAYLOAD_ENCRYPTION_DISABLED) {
    logger.warn('PAYLOAD_ENCRYPTION_DISABLED=true: messages, documents and push credentials are stored in Temporal history in clear text');
    return { summary: 'off (PAYLOAD_ENCRYPTION_DISABLED=true)' };
  }
  let keys: CodecKey[];
  let activeKeyId: string | undefined;
  let source: string;
  try {
    if (env.PAYLOAD_ENCRYPTION_KEYS) {
      keys = parseCodecKeys(env.PAYLOAD_ENCRYPTION_KEYS);
      activeKeyId = env.PAYLOAD_ENCRYPTION_ACTIVE_KEY;
      source = 'PAYLOAD_ENCRYPTION_KEYS';
    } else if (config.production) {
      throw new ConfigError(
        'NODE_ENV=production needs PAYLOAD_ENCRYPTION_KEYS (<keyId>:<base64 of 32 bytes>) so history holds no secrets; ' +
          'PAYLOAD_ENCRYPTION_DISABLED=true runs without',
      );
    } else {
      const file = devCodecKeyFile(config);
      ({ keys, activeKeyId } = keysFromFile(readOrCreateSecretFile(file, () => JSON.stringify(newCodecKeyFile(), null, 2) + '\n'), file));
      source = file;
    }
    const codec = createEncryptionCodec({ keys, activeKeyId });
    return { codec, keys: { keys, activeKeyId: codec.activeKeyId }, summary: `AES-256-GCM, active key ${codec.activeKeyId} (${keys.length} key(s) from ${source})` };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`payload encryption: ${err instanceof Error ? err.message : String(err)}`);
  }
}
