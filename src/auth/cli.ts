// Operator commands for credentials (an entry point: it reads the environment like `npm start`):
//   api-key     --id <id> --tenant <t> --subject <s> [--scope <scope>]… [--role <role>]… [--expires <ISO>]
//               prints a new API key once, and the entry to add to AUTH_API_KEYS_FILE (hash only)
//   token       --subject <s> --tenant <t> [--scope <scope>]… [--role <role>]… [--ttl <seconds>]
//               mints an HS256 token with AUTH_JWT_SECRET, else the development secret in DATA_DIR
//   payload-key --id <keyId>
//               prints a new `<keyId>:<base64>` entry for PAYLOAD_ENCRYPTION_KEYS
// Run: node -r ./scripts/register-ts.js src/auth/cli.ts <command> [options]
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { newCodecKeySpec } from '../codec/codec-keys';
import { loadConfig } from '../config';
import { devSecretFile, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../platform/auth-config';
import { mintApiKey } from './api-keys';
import { mintHs256Token } from './mint-token';
import { ALL_AGENTS_SCOPE } from './scopes';

const OPTIONS = {
  id: { type: 'string' },
  tenant: { type: 'string' },
  subject: { type: 'string' },
  scope: { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  expires: { type: 'string' },
  ttl: { type: 'string' },
} as const;

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

async function main(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
  switch (command) {
    case 'api-key': {
      const { key, entry } = mintApiKey({
        id: required(values.id, 'id'),
        tenant: required(values.tenant, 'tenant'),
        subject: required(values.subject, 'subject'),
        scopes: values.scope ?? [ALL_AGENTS_SCOPE],
        roles: values.role ?? [],
        ...(values.expires ? { expiresAt: values.expires } : {}),
      });
      return [
        `API key (shown once; send it as the ${loadConfig().env.AUTH_API_KEY_HEADER} header):`,
        `  ${key}`,
        'Add this entry to the "keys" array of AUTH_API_KEYS_FILE:',
        `  ${JSON.stringify(entry)}`,
      ].join('\n');
    }
    case 'token': {
      const { env } = loadConfig();
      const file = devSecretFile(loadConfig());
      const secret = env.AUTH_JWT_SECRET ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
      if (!secret) throw new Error(`no HS256 secret: set AUTH_JWT_SECRET, or run npm start once so ${file} exists`);
      return mintHs256Token(
        {
          subject: required(values.subject, 'subject'),
          tenant: required(values.tenant, 'tenant'),
          scopes: values.scope ?? [ALL_AGENTS_SCOPE],
          roles: values.role ?? [],
        },
        {
          secret: new TextEncoder().encode(secret),
          issuer: env.AUTH_JWT_ISSUER?.split(',')[0]?.trim() ?? DEFAULT_ISSUER,
          audience: env.AUTH_JWT_AUDIENCE?.split(',')[0]?.trim() ?? DEFAULT_AUDIENCE,
          ttlSeconds: values.ttl ? Number(values.ttl) : 3600,
          tenantClaim: env.AUTH_TENANT_CLAIM,
          rolesClaim: env.AUTH_ROLES_CLAIM,
        },
      );
    }
    case 'payload-key':
      return newCodecKeySpec(required(values.id, 'id'));
    default:
      throw new Error('usage: cli.ts api-key|token|payload-key [options] (see the header of src/auth/cli.ts)');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (out) => process.stdout.write(`${out}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

export { main as runAuthCli };
