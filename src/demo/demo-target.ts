// Where the demo runs: the server at A2A_URL when one answers there, else the whole platform started
// in this process on a temporary data directory (embedded engine, worker, API, tool server on free
// ports), so `npm run demo` works on a fresh clone with no network. Tokens: A2A_TOKEN and
// A2A_APPROVER_TOKEN, else the development tokens the server wrote to <DATA_DIR>/dev-tokens.json.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { writeDevTokens } from '../platform/dev-tokens';
import { platformOptionsFromConfig, resolveSecurity } from '../platform/platform-config';
import { startPlatform } from '../platform/start-platform';
import { installSdkLogging } from '../temporal/sdk-logging';

export interface DemoTarget {
  baseUrl: string;
  userToken?: string;
  approverToken?: string;
  /** How the demo found the server, for the first line it prints. */
  origin: string;
  /** The in-process platform's log (JSON lines), kept with its data when the demo fails. */
  logFile?: string;
  /** `keep`: leave the in-process platform's data directory and log for a look after a failure. */
  close(options?: { keep?: boolean }): Promise<void>;
}

export const DEFAULT_A2A_URL = 'http://127.0.0.1:8080';

export async function answers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export async function resolveDemoTarget(env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<DemoTarget> {
  const baseUrl = (env.A2A_URL ?? DEFAULT_A2A_URL).replace(/\/+$/, '');
  if (await answers(baseUrl)) {
    const tokens = await tokensFor(env, path.resolve(env.DATA_DIR ?? '.data'));
    return { baseUrl, ...tokens, origin: `the server at ${baseUrl}`, close: async () => {} };
  }
  say(`Nothing answers at ${baseUrl}; starting the platform in this process (embedded engine, worker, API, tools)…`);
  return startInProcess(env);
}

async function startInProcess(env: NodeJS.ProcessEnv): Promise<DemoTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'a2a-demo-'));
  // The caller's model and auth settings apply; where things run does not: all local, free ports.
  const { TEMPORAL_ADDRESS: _cluster, ENGINE_DATA_DIR: _engine, ARTIFACT_STORE_DIR: _store, MCP_DOCUMENTS_URL: _mcp, PUBLIC_BASE_URL: _public, ...rest } = env;
  const config = loadConfig({
    ...rest,
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    ENGINE_PORT: '0',
    MCP_HOST: '127.0.0.1',
    MCP_PORT: '0',
    RUN_API: 'true',
    RUN_WORKER: 'true',
    RUN_MCP: 'true',
  });
  // The platform's own log goes to a file, so the terminal shows the demo's story only.
  const logFile = path.join(dataDir, 'platform.log');
  const destination = pino.destination({ dest: logFile, sync: true });
  const logger = createLogger({ level: config.env.LOG_LEVEL, name: 'a2a-demo', destination });
  installSdkLogging(logger);
  // The same wiring as `npm start`, development tokens included (when authentication is on).
  const security = resolveSecurity(config, logger);
  const platform = await startPlatform(platformOptionsFromConfig(config, logger, security));
  const baseUrl = platform.api?.url;
  if (!baseUrl) throw new Error('the in-process platform started without its API');
  if (security.auth.development) await writeDevTokens({ config, signing: security.auth.development, baseUrl });
  const tokens = await tokensFor(env, dataDir);
  return {
    baseUrl,
    ...tokens,
    origin: `an in-process platform at ${baseUrl} (data in ${dataDir})`,
    logFile,
    async close(options = {}) {
      await platform.close();
      destination.flushSync();
      if (!options.keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function tokensFor(env: NodeJS.ProcessEnv, dataDir: string): Promise<{ userToken?: string; approverToken?: string }> {
  const fromFile = await readDevTokens(path.join(dataDir, 'dev-tokens.json'));
  const userToken = env.A2A_TOKEN || fromFile.user;
  const approverToken = env.A2A_APPROVER_TOKEN || fromFile.approver;
  return { ...(userToken ? { userToken } : {}), ...(approverToken ? { approverToken } : {}) };
}

interface TokenEntry {
  name: string;
  subject?: string;
  roles: string[];
  token: string;
}

/** The user's and the approver's token from the file `npm start` writes; {} when there is none. */
export async function readDevTokens(file: string): Promise<{ user?: string; approver?: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return {};
  }
  const entries = tokenEntries(parsed);
  const named = (...names: string[]) => entries.find((e) => names.includes(e.subject ?? '') || names.includes(e.name));
  const approver = named('dev-approver', 'approver') ?? entries.find((e) => e.roles.includes('approver'));
  const user = named('dev-user', 'user') ?? entries.find((e) => e !== approver && !e.roles.includes('approver'));
  return { ...(user ? { user: user.token } : {}), ...(approver ? { approver: approver.token } : {}) };
}

/** Accepts `{name: token}`, `{name: {token, subject?, roles?}}`, a list of such objects, or either under `tokens`. */
function tokenEntries(value: unknown): TokenEntry[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(value) && 'tokens' in value && isObject(value.tokens)) return tokenEntries(value.tokens);
  if (!isObject(value)) return [];
  const pairs: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return pairs.flatMap(([name, v]): TokenEntry[] => {
    if (typeof v === 'string') return [{ name, roles: [], token: v }];
    if (!isObject(v) || typeof v.token !== 'string') return [];
    const roles = Array.isArray(v.roles) ? v.roles.filter((r): r is string => typeof r === 'string') : [];
    return [{ name, token: v.token, roles, ...(typeof v.subject === 'string' ? { subject: v.subject } : {}) }];
  });
}
