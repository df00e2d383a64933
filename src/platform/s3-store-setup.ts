// Opens the S3 artifact store from its settings (s3-store-settings.ts): region, a custom endpoint
// (path style), static keys or else the SDK's default credential chain. Opening reads once under the
// prefix, so a missing bucket, bad credentials or an unreachable endpoint stop start-up with an error
// naming ARTIFACT_STORE_URL instead of failing a task later.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { ArtifactStore } from '../artifact-store';
import { createS3ArtifactStore } from '../artifact-store/s3-artifact-store';
import { ConfigError } from '../config';
import type { S3StoreSettings } from './s3-store-settings';

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
    // The SDK waits forever by default: a blackholed endpoint would hang start-up or a task's activity.
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
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
