// Connects to Temporal: the cluster at TEMPORAL_ADDRESS when set, otherwise an embedded engine
// started here. Either way the rest of the application gets the same official SDK connections and
// cannot tell which it talks to, and one data converter for its client and worker alike (with the
// payload codec, so both ends encrypt and decrypt the same way). The worker's native connection is
// opened only by processes that run a worker (see connectWorker).
import { Connection } from '@temporalio/client';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import { startEmbeddedTemporal, type EmbeddedTemporal, type EmbeddedTemporalOptions } from '../embedded-temporal';
import type { Logger } from '../logger';
import { registerTaskSearchAttributes } from './search-attributes';

const FAILURE_CONVERTER_PATH = require.resolve('../codec/failure-converter');

export interface TemporalSettings {
  /** host:port of a Temporal frontend; unset starts the embedded engine. */
  address?: string;
  namespace: string;
  /** TLS to the frontend (Temporal Cloud or a TLS-terminated cluster). */
  tls?: boolean;
  apiKey?: string;
  /** The embedded engine's settings (limits default to a real cluster's; visibility is instant without visibilityDelayMs). */
  embedded: { port: number } & Pick<EmbeddedTemporalOptions, 'dataDir' | 'fsync' | 'logger' | 'limits' | 'visibilityDelayMs' | 'retentionMs'>;
  /** Encrypts every payload before it reaches Temporal (src/codec); payloads stay clear without it. */
  payloadCodec?: PayloadCodec;
}

export interface TemporalConnections {
  address: string;
  namespace: string;
  embedded: boolean;
  client: Connection;
  /** What a worker's native connection needs: the same address, TLS and API key as the client. */
  connectOptions: NativeConnectionOptions;
  /** For every Client and Worker on these connections. */
  dataConverter: DataConverter;
  close(): Promise<void>;
}

export async function connectTemporal(settings: TemporalSettings, logger: Logger): Promise<TemporalConnections> {
  let engine: EmbeddedTemporal | undefined;
  let address = settings.address;
  if (!address) {
    engine = await startEmbeddedTemporal({ ...settings.embedded, namespace: settings.namespace });
    address = engine.address;
    logger.info({ address, dataDir: settings.embedded.dataDir ?? '(memory)' }, 'embedded Temporal engine started');
  }
  const tls = settings.tls || settings.apiKey ? {} : undefined;
  const connectOptions = { address, ...(tls ? { tls } : {}), ...(settings.apiKey ? { apiKey: settings.apiKey } : {}) };
  const client = await Connection.connect(connectOptions);
  await registerTaskSearchAttributes(client, settings.namespace, logger);
  return {
    address,
    namespace: settings.namespace,
    embedded: engine !== undefined,
    client,
    connectOptions,
    // With encryption, failure messages and stack traces become payloads too (see the converter).
    dataConverter: settings.payloadCodec ? { payloadCodecs: [settings.payloadCodec], failureConverterPath: FAILURE_CONVERTER_PATH } : {},
    async close() {
      await client.close();
      await engine?.close();
    },
  };
}

/** The worker's native connection to the same Temporal (loads the SDK worker only when called). */
export async function connectWorker(connections: TemporalConnections): Promise<NativeConnection> {
  const { NativeConnection } = await import('@temporalio/worker');
  return NativeConnection.connect(connections.connectOptions);
}
