// Where the payload keys come from, for every process that encrypts (the platform's codec and artifact
// store, `npm run mcp`'s artifact store): PAYLOAD_ENCRYPTION_KEYS, else in development one key
// generated once into `<DATA_DIR>/secrets/payload-keys.json`; production without keys is refused.
import path from 'node:path';
import { keysFromFile, newCodecKeyFile, parseCodecKeys } from '../codec/codec-keys';
import type { CodecKey } from '../codec/key-ring';
import { ConfigError } from '../config';
import { readOrCreateSecretFile } from './secret-file';

export const devPayloadKeyFile = (dataDir: string) => path.join(dataDir, 'secrets', 'payload-keys.json');

export interface PayloadKeySettings {
  /** PAYLOAD_ENCRYPTION_KEYS. */
  keys?: string;
  /** PAYLOAD_ENCRYPTION_ACTIVE_KEY. */
  activeKeyId?: string;
  production: boolean;
  dataDir: string;
}

export interface LoadedPayloadKeys {
  keys: CodecKey[];
  activeKeyId?: string;
  /** The variable or file they came from, for the start-up banner. */
  source: string;
}

export function loadPayloadKeys(settings: PayloadKeySettings): LoadedPayloadKeys {
  try {
    if (settings.keys) return { keys: parseCodecKeys(settings.keys), activeKeyId: settings.activeKeyId, source: 'PAYLOAD_ENCRYPTION_KEYS' };
    if (settings.production) {
      throw new ConfigError(
        'NODE_ENV=production needs PAYLOAD_ENCRYPTION_KEYS (<keyId>:<base64 of 32 bytes>) so history and stored documents hold no secrets; ' +
          'PAYLOAD_ENCRYPTION_DISABLED=true runs without',
      );
    }
    const file = devPayloadKeyFile(settings.dataDir);
    return { ...keysFromFile(readOrCreateSecretFile(file, () => JSON.stringify(newCodecKeyFile(), null, 2) + '\n'), file), source: file };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`payload encryption: ${err instanceof Error ? err.message : String(err)}`);
  }
}
