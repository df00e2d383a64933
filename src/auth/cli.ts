// Operator commands for credentials (an entry point: it reads the environment like `npm start`).
// `npm run credentials -- --help` prints what each command does and takes (USAGE below).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { newCodecKeySpec } from '../codec/codec-keys';
import { loadConfig } from '../config';
import { devSecretFile, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../platform/auth-config';
import { mintApiKey } from './api-keys';
import { mintHs256Token } from './mint-token';
import { ALL_AGENTS_SCOPE } from './scopes';

const USAGE = `usage: npm run credentials -- <command> [options]

commands:
  api-key --id <id> --tenant <tenant> --subject <subject> [--scope <scope>]... [--role <role>]... [--expires <ISO time>]
      Prints a new API key once, and the entry (its SHA-256 only) to add to the "keys" array of
      AUTH_API_KEYS_FILE. Clients send the key in the AUTH_API_KEY_HEADER header (default X-API-Key).
  token --subject <subject> --tenant <tenant> [--scope <scope>]... [--role <role>]... [--ttl <seconds>]
      Mints an HS256 bearer token signed with AUTH_JWT_SECRET, else with the development secret
      npm start generated in DATA_DIR/secrets (issuer and audience from AUTH_JWT_ISSUER/AUTH_JWT_AUDIENCE).
  payload-key --id <keyId>
      Prints a new <keyId>:<base64 of 32 bytes> entry for PAYLOAD_ENCRYPTION_KEYS.

options:
  --scope    repeatable; default ${ALL_AGENTS_SCOPE} (every agent)
  --role     repeatable, e.g. approver; default none
  --ttl      token lifetime in seconds; default 3600
  --help, -h print this help
`;

const OPTIONS = {
  id: { type: 'string' },
  tenant: { type: 'string' },
  subject: { type: 'string' },
  scope: { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  expires: { type: 'string' },
  ttl: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

async function main(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return USAGE;
  const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
  if (values.help) return USAGE;
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
      throw new Error(`unknown command "${command}": one of api-key, token, payload-key (npm run credentials -- --help)`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (out) => process.stdout.write(out.endsWith('\n') ? out : `${out}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

export { main as runAuthCli };
