// Development tokens `npm start` prints and writes to `<DATA_DIR>/dev-tokens.json` (mode 0600) for
// the demo and for curl: a user who may use every agent and an approver of the same tenant. Minted
// afresh at each start with the development HS256 secret; never in production.
import path from 'node:path';
import { mintHs256Token, type TokenClaims } from '../auth/mint-token';
import { ALL_AGENTS_SCOPE } from '../auth/scopes';
import type { AppConfig } from '../config';
import type { DevSigning } from './auth-config';
import { writePrivateFile } from './secret-file';

export const DEV_TENANT = 'dev';
export const DEV_PRINCIPALS: ReadonlyArray<TokenClaims & { description: string }> = [
  { subject: 'dev-user', tenant: DEV_TENANT, scopes: [ALL_AGENTS_SCOPE], roles: [], description: 'a user of every agent' },
  { subject: 'dev-approver', tenant: DEV_TENANT, scopes: [ALL_AGENTS_SCOPE], roles: ['approver'], description: 'an approver (role approver)' },
];

export interface DevTokensFile {
  baseUrl?: string;
  issuer: string;
  audience: string;
  expiresAt: string;
  tokens: Record<string, { token: string; tenant: string; subject: string; scopes: string[]; roles: string[]; description: string }>;
}

export const devTokensPath = (config: AppConfig) => path.join(config.env.DATA_DIR, 'dev-tokens.json');

export async function writeDevTokens(options: {
  config: AppConfig;
  signing: DevSigning;
  baseUrl?: string;
  now?: Date;
}): Promise<{ file: string; content: DevTokensFile }> {
  const { config, signing } = options;
  const now = options.now ?? new Date();
  const ttlSeconds = config.env.AUTH_DEV_TOKEN_TTL_SECONDS;
  const tokens: DevTokensFile['tokens'] = {};
  for (const principal of DEV_PRINCIPALS) {
    const token = await mintHs256Token(principal, {
      secret: signing.secret,
      issuer: signing.issuer,
      audience: signing.audience,
      ttlSeconds,
      now,
      tenantClaim: signing.tenantClaim,
      rolesClaim: signing.rolesClaim,
    });
    tokens[principal.subject] = {
      token,
      tenant: principal.tenant,
      subject: principal.subject,
      scopes: [...(principal.scopes ?? [])],
      roles: [...(principal.roles ?? [])],
      description: principal.description,
    };
  }
  const content: DevTokensFile = {
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    issuer: signing.issuer,
    audience: signing.audience,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    tokens,
  };
  const file = devTokensPath(config);
  writePrivateFile(file, JSON.stringify(content, null, 2) + '\n');
  return { file, content };
}
