// The S3 artifact store from configuration: ARTIFACT_STORE_URL=s3://bucket/prefix plus the standard AWS
// variables (region, a custom endpoint, static keys, else the SDK's default credential chain). Opening
// reads once under the prefix, so a missing bucket, bad credentials or an unreachable endpoint stop
// start-up with an error naming ARTIFACT_STORE_URL instead of failing a task later.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { createS3ArtifactStore, type ArtifactStore } from '../artifact-store';
import { ConfigError, type Env } from '../config';

export interface S3StoreSettings {
  /** As configured, for messages. */
  url: string;
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  region?: string;
  /** A custom endpoint (MinIO, Ceph, R2, a test server): addressed path style. */
  endpoint?: string;
  /** Static keys; absent: the SDK's default chain (profile, SSO, web identity, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

export function s3StoreSettingsFromEnv(env: Env): S3StoreSettings | undefined {
  const url = env.ARTIFACT_STORE_URL;
  if (url === undefined) return undefined;
  if (env.ARTIFACT_STORE_DIR) throw new ConfigError('ARTIFACT_STORE_URL and ARTIFACT_STORE_DIR are both set: the store is one or the other');
  const match = S3_URL.exec(url);
  if (!match) throw new ConfigError(`ARTIFACT_STORE_URL=${url}: expected s3://<bucket>[/<prefix>] (a bucket name of 3-63 lower-case letters, digits, dots and hyphens)`);
  const path = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (Boolean(env.AWS_ACCESS_KEY_ID) !== Boolean(env.AWS_SECRET_ACCESS_KEY)) {
    throw new ConfigError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together (or set neither, for the default credential chain)');
  }
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return {
    url,
    bucket: match[1]!,
    prefix: path === '' ? '' : `${path}/`,
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  };
}

export async function openS3ArtifactStore(settings: S3StoreSettings, maxBlobBytes: number): Promise<ArtifactStore> {
  const client = new S3Client(s3ClientConfig(settings));
  try {
    return await createS3ArtifactStore({ client, bucket: settings.bucket, prefix: settings.prefix, maxBlobBytes });
  } catch (error) {
    client.destroy();
    throw new ConfigError(`ARTIFACT_STORE_URL=${settings.url}: ${explainS3Failure(error, settings)}`);
  }
}

function s3ClientConfig(settings: S3StoreSettings): S3ClientConfig {
  return {
    ...(settings.region ? { region: settings.region } : settings.endpoint ? { region: 'us-east-1' } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.endpoint
      ? {
          endpoint: settings.endpoint,
          forcePathStyle: true,
          // Many S3-compatible servers reject the CRC32 checksums the SDK now sends by default; the
          // store checks every blob's SHA-256 (and the seal its GCM tags) on read anyway.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  };
}

/** What an operator should change, from the first read's failure. */
function explainS3Failure(error: unknown, settings: S3StoreSettings): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const where = settings.endpoint ?? `AWS S3${settings.region ? ` in ${settings.region}` : ''}`;
  const detail = `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (e.name === 'NoSuchBucket') return `the bucket "${settings.bucket}" does not exist at ${where}`;
  const status = e.$metadata?.httpStatusCode;
  if (status === 403 || ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken'].includes(e.name ?? '')) {
    return (
      `access to bucket "${settings.bucket}" was denied (${detail}); check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the default ` +
      `credential chain, and that they may s3:ListBucket the bucket and s3:GetObject, s3:PutObject, s3:DeleteObject under the prefix`
    );
  }
  if (e.name === 'CredentialsProviderError') return `no AWS credentials found (${detail}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or configure the default chain`;
  if (/region is missing/i.test(e.message ?? '')) return 'no AWS region: set AWS_REGION';
  // The SDK wraps network errors ("AWS SDK error wrapper for Error: connect ECONNREFUSED ...").
  if (/\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH)\b/.test(e.message ?? '')) {
    return `cannot reach ${where} (${detail}); check AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and the network`;
  }
  return `the bucket "${settings.bucket}" could not be read at ${where} (${detail})`;
}
