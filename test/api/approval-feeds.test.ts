// The approvals feeds share their visibility reads: every open feed with the same listing key (two
// tabs of one approver, two approvers with the same roles) is served by one listing per interval,
// a principal holds a few feeds at most, and polling stops with the last subscriber. Visibility is a
// counting fake gateway over real HTTP, since the embedded engine does not rate-limit visibility calls.
import { createApprovalListing } from '../../api/approvals/approval-listing';
import type { TaskGateway, TaskListPage } from '../../api/temporal/task-gateway';
import type { TaskSnapshot } from '../../src/task-runtime/contract';
import { openSse, type SseConnection } from '../support/a2a-sse';
import { startTestServer, type TestServer } from '../support/a2a-test-server';
import { bearer, testAuthenticator } from '../security/support/auth-fixtures';
import { loadConfig } from '../../src/config';

const POLL_MS = 50;
let server: TestServer;
let listings = 0;
const headers: Record<string, Record<string, string>> = {};

/** Each listing answers one waiting task whose id names the listing, so a frame tells which listing it came from. */
const gateway: Pick<TaskGateway, 'listTasks' | 'getSnapshot'> = {
  async listTasks(): Promise<TaskListPage> {
    listings += 1;
    return { tasks: [{ taskId: `t-${listings}`, running: true, published: waiting(`t-${listings}`) }], nextPageToken: '', totalSize: 1 };
  },
  getSnapshot: async () => undefined,
};

function waiting(id: string): TaskSnapshot {
  return {
    mode: 'task',
    owner: { tenant: 'acme', subject: 'dora' },
    grants: { roles: ['approver'] },
    agentId: 'document-verifier',
    seq: 1,
    task: { kind: 'task', id, contextId: 'c', status: { state: 'input-required', timestamp: new Date().toISOString() } },
    events: [],
    gap: false,
  } as unknown as TaskSnapshot;
}

beforeAll(async () => {
  server = await startTestServer({
    authenticator: testAuthenticator().authenticator,
    approvals: { listing: createApprovalListing({ gateway, mayUseAgent: () => true }), pollMs: POLL_MS },
  });
  // Each test has principals of its own: a feed's slot is released only once the server sees its disconnect.
  for (const subject of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) headers[subject] = await bearer({ subject, tenant: 'acme', roles: ['approver'] });
});

afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open = (who: string, path = '/approvals/pending/stream') => openSse(`${server.url}${path}`, { headers: headers[who] });

/** The listed task id of the next data frame. */
async function nextListing(feed: SseConnection): Promise<number> {
  for (;;) {
    const frame = await feed.next();
    if (!frame) throw new Error('the feed ended');
    if (frame.data) return Number(JSON.parse(frame.data).items[0].taskId.slice(2));
  }
}

/** Reads frames until one shows listing `n` or a later one; answers the listing it stopped at. */
async function readUntil(feed: SseConnection, n: number): Promise<number> {
  for (;;) {
    const seen = await nextListing(feed);
    if (seen >= n) return seen;
  }
}

it('two feeds of one approver and one of another with the same roles are served by one listing per interval', async () => {
  const feeds = [await open('alice'), await open('alice'), await open('bob')];
  try {
    expect(feeds.map((f) => f.status)).toEqual([200, 200, 200]);
    const target = listings + 2;
    // One listing reaches every feed; separate polls would show each listing to one feed only.
    expect(await Promise.all(feeds.map((f) => readUntil(f, target)))).toEqual([target, target, target]);
  } finally {
    for (const feed of feeds) feed.disconnect();
  }
});

it('refuses a principal a sixth feed with 429 ResourceExhausted, while another principal may still open one', async () => {
  const feeds: SseConnection[] = [];
  try {
    for (let i = 0; i < 5; i++) feeds.push(await open('erin', i % 2 ? '/approvals/submissions/stream' : '/approvals/pending/stream'));
    expect(feeds.map((f) => f.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = await open('erin');
    expect(refused.status).toBe(429);
    const body = JSON.parse(await refused.text());
    expect(body.error).toMatchObject({ status: 'RESOURCE_EXHAUSTED' });
    expect(JSON.stringify(body)).toContain('maxApprovalFeedsPerPrincipal');
    const other = await open('frank');
    feeds.push(other);
    expect(other.status).toBe(200);
  } finally {
    for (const feed of feeds) feed.disconnect();
  }
});

it('keeps polling while one subscriber remains and stops when the last one disconnects', async () => {
  const first = await open('carol');
  const second = await open('dave');
  await nextListing(first);
  await nextListing(second);
  first.disconnect();
  // The remaining subscriber still receives new listings.
  await readUntil(second, listings + 2);
  second.disconnect();
  // Once the server has seen the disconnect no listing follows: the count settles, then stays.
  let settled = -1;
  for (let round = 0; round < 20 && listings !== settled; round++) {
    settled = listings;
    await sleep(POLL_MS * 3);
  }
  expect(listings).toBe(settled);
  await sleep(POLL_MS * 6);
  expect(listings).toBe(settled);
});

it('polls every 5 s unless APPROVALS_POLL_MS says otherwise, and refuses an interval of 0', () => {
  expect(loadConfig({}).env.APPROVALS_POLL_MS).toBe(5_000);
  expect(loadConfig({ APPROVALS_POLL_MS: '250' }).env.APPROVALS_POLL_MS).toBe(250);
  expect(() => loadConfig({ APPROVALS_POLL_MS: '0' })).toThrow(/APPROVALS_POLL_MS/);
});
