// callMcpTool against the real document tool server over HTTP on 127.0.0.1: every attempt of one
// activity stores a tool's output (extract_text, redact with storeOutput) under the same id, so a
// retry overwrites instead of orphaning a blob; another activity, or another principal, gets its own.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMcpActivities, createMcpConnectionPool, type McpConnectionPool } from '../../../activities/mcp';
import { createDirectoryArtifactStore, type ArtifactStore } from '../../../src/artifact-store';
import { createPdfExtractor, defaultVerificationPolicy, type PdfExtractor } from '../../../src/documents';
import { createSilentLogger } from '../../../src/logger';
import { parseTokenGrants, startMcpHttpServer, type McpHttpServer } from '../../../src/mcp-server';
import { createActivityEnvironment, runActivity } from '../support/run-activity';

const WORKER = 'worker-token-0123456789abcdef';
const OTHER = 'other-token-0123456789abcdef';
const logger = createSilentLogger();
let dir: string;
let store: ArtifactStore;
let pdf: PdfExtractor;
let http: McpHttpServer;
const pools: McpConnectionPool[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tool-outputs-'));
  store = await createDirectoryArtifactStore({ directory: dir });
  pdf = createPdfExtractor({ maxWorkers: 1 });
  http = await startMcpHttpServer({ store, pdf, policy: defaultVerificationPolicy(), logger, port: 0, tokens: parseTokenGrants(`worker=${WORKER}:*;other=${OTHER}:*`) });
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await http.close();
  await pdf.close();
  await rm(dir, { recursive: true, force: true });
});

function activities(token: string) {
  const pool = createMcpConnectionPool({ servers: { docs: { url: http.url, bearerToken: token } }, logger });
  pools.push(pool);
  return createMcpActivities({ pool, logger });
}

const storedBlobs = async () => (await readdir(join(dir, 'blobs'), { recursive: true })).filter((name) => name.endsWith('.json')).sort();
const run = { workflowId: 'task-9', runId: '6f1d2c3b-aaaa-4bbb-8ccc-ddddeeeeffff' };
const attempt = (n: number, activityId = '12') => createActivityEnvironment({ attempt: n, activityId, workflowExecution: run });
const text = 'Invoice INV-7\nIBAN DE89 3704 0044 0532 0130 00\nContact: jane@example.com\n';

describe.each([
  ['extract_text', { document: { text }, storeOutput: true, includeText: false }],
  ['redact', { document: { text }, storeOutput: true, includeText: false }],
])('%s with storeOutput', (tool, args) => {
  it('stores one output for all attempts of one activity, another for another activity or principal', async () => {
    const worker = activities(WORKER);
    const call = (env: ReturnType<typeof attempt>, acts = worker) => runActivity(env, acts.callMcpTool, { server: 'docs', tool, arguments: args });
    const outputId = (result: Awaited<ReturnType<typeof call>>) => result.structuredContent?.outputDocumentId as string;
    const before = await storedBlobs();

    const first = outputId(await call(attempt(1)));
    const second = outputId(await call(attempt(2)));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toBe(first);
    expect((await storedBlobs()).length).toBe(before.length + 1);

    const otherActivity = outputId(await call(attempt(1, '13')));
    const otherPrincipal = outputId(await call(attempt(1), activities(OTHER)));
    expect(new Set([first, otherActivity, otherPrincipal]).size).toBe(3);
    expect((await storedBlobs()).length).toBe(before.length + 3);
  });
});
