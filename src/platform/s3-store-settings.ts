// ARTIFACT_STORE_URL=s3://bucket/prefix and the standard AWS variables as S3 store settings, checked at
// start-up. Free of the AWS SDK: s3-store-setup.ts (which loads it) is imported only when a bucket is set.
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

/** The variables read here: `npm start` (src/config.ts) and `npm run mcp` both have them. */
export type S3Env = Partial<Pick<
  Env,
  'ARTIFACT_STORE_URL' | 'ARTIFACT_STORE_DIR' | 'AWS_REGION' | 'AWS_ENDPOINT_URL_S3' | 'AWS_ENDPOINT_URL' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'AWS_SESSION_TOKEN'
>>;

export function s3StoreSettingsFromEnv(env: S3Env): S3StoreSettings | undefined {
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
