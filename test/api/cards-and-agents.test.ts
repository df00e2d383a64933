// Discovery: v1.0 and v0.3 agent cards per agent and for the default agent, caching headers, and the
// `GET /agents` listing with its tag and text filters. Config-file agents appear like code agents.
import { agentCardV03Schema } from '../../api/protocol/v03/card';
import { agentCardV1Schema } from '../../api/protocol/v1/card';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    settings: { publicBaseUrl: 'https://agents.example.com/a2a/' },
    registry: {
      config: {
        defaultAgent: 'conformance',
        agents: {
          'shouty-echo': {
            extends: 'echo',
            name: 'Shouty echo',
            skills: [{ id: 'shout', name: 'Shout', description: 'Echoes in capitals.', tags: ['echo', 'loud'] }],
            settings: { pushRetry: { maximumAttempts: 3 } },
          },
        },
      },
    },
  });
});
afterAll(() => server.close());

const base = 'https://agents.example.com/a2a';

describe('agent cards', () => {
  it('serves a valid v1.0 card to A2A-Version 1.0, listing JSON-RPC 1.0, HTTP+JSON 1.0 and JSON-RPC 0.3 at the agent URL', async () => {
    const reply = await server.request('GET', '/agents/echo/.well-known/agent-card.json', { version: '1.0' });
    expect(reply.status).toBe(200);
    const card = agentCardV1Schema.parse(reply.body);
    expect(card.supportedInterfaces).toEqual([
      { url: `${base}/agents/echo`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: `${base}/agents/echo`, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
      { url: `${base}/agents/echo`, protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
    ]);
    expect(card).toMatchObject({ name: 'Echo', version: '1.0.0', capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: false } });
    expect(reply.body).not.toHaveProperty('protocolVersion');
    expect(reply.body).not.toHaveProperty('url');
  });

  it('serves the v0.3-shaped card without a version header, embedding the v1.0 interfaces', async () => {
    const reply = await server.request('GET', '/agents/echo/.well-known/agent-card.json');
    const card = agentCardV03Schema.parse(reply.body);
    expect(card).toMatchObject({
      protocolVersion: '0.3.0',
      url: `${base}/agents/echo`,
      preferredTransport: 'JSONRPC',
      additionalInterfaces: [{ url: `${base}/agents/echo`, transport: 'JSONRPC' }],
      supportsAuthenticatedExtendedCard: false,
    });
    expect(reply.body.supportedInterfaces).toHaveLength(3);
  });

  it('serves the default agent card at the root, pointing at the root endpoints', async () => {
    const reply = await server.request('GET', '/.well-known/agent-card.json', { version: '1.0' });
    expect(reply.body.name).toBe('A2A conformance agent');
    expect(reply.body.supportedInterfaces[0].url).toBe(base);
  });

  it('sends caching headers that vary by A2A-Version and answers a matching If-None-Match with 304', async () => {
    const first = await server.request('GET', '/agents/echo/.well-known/agent-card.json', { version: '1.0' });
    expect(first.headers.get('vary')).toBe('A2A-Version');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = first.headers.get('etag')!;
    const v03 = await server.request('GET', '/agents/echo/.well-known/agent-card.json');
    expect(v03.headers.get('etag')).not.toBe(etag);
    // fetch() adds `Cache-Control: no-cache` to conditional requests unless one is given (Fetch spec).
    const headers = { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' };
    const again = await server.request('GET', '/agents/echo/.well-known/agent-card.json', { version: '1.0', headers });
    expect(again.status).toBe(304);
  });

  it('sends Last-Modified with the ETag and answers If-Modified-Since with 304 when the card has not changed since', async () => {
    const path = '/agents/echo/.well-known/agent-card.json';
    const first = await server.request('GET', path, { version: '1.0' });
    const lastModified = first.headers.get('last-modified');
    expect(lastModified).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(lastModified!)).toBeLessThanOrEqual(Date.now());
    const since = (value: string) => ({ 'If-Modified-Since': value, 'Cache-Control': 'max-age=0' });
    const unchanged = await server.request('GET', path, { version: '1.0', headers: since(lastModified!) });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(unchanged.headers.get('last-modified')).toBe(lastModified);
    const older = await server.request('GET', path, { version: '1.0', headers: since(new Date(Date.parse(lastModified!) - 60_000).toUTCString()) });
    expect(older.status).toBe(200);
    expect(older.body.name).toBe('Echo');
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3): a stale ETag is a full answer.
    const stale = await server.request('GET', path, { version: '1.0', headers: { ...since(lastModified!), 'If-None-Match': 'W/"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('serves config-file agents with their own card fields', async () => {
    const reply = await server.request('GET', '/agents/shouty-echo/.well-known/agent-card.json', { version: '1.0' });
    expect(reply.body).toMatchObject({ name: 'Shouty echo', description: expect.stringContaining('Answers with the text'), skills: [{ id: 'shout' }] });
  });

  it('answers an unknown agent with 404 and a JSON body naming it', async () => {
    const replies = [
      await server.request('GET', '/agents/nobody/.well-known/agent-card.json'),
      await server.request('POST', '/agents/nobody', { body: { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } } }),
      await server.request('POST', '/agents/nobody/message:send', { body: {}, version: '1.0' }),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(404);
      expect(reply.body.error).toMatchObject({ code: 404, message: 'Agent not found: nobody', details: [expect.objectContaining({ reason: 'AGENT_NOT_FOUND' })] });
    }
  });
});

describe('GET /agents', () => {
  it('lists every agent with its URLs, skills and which one is the default', async () => {
    const reply = await server.request('GET', '/agents');
    expect(reply.body.agents.map((a: { id: string }) => a.id)).toEqual(['echo', 'conformance', 'document-verifier', 'document-analyst', 'shouty-echo']);
    expect(reply.body.agents[1]).toMatchObject({
      id: 'conformance',
      default: true,
      url: `${base}/agents/conformance`,
      cardUrl: `${base}/agents/conformance/.well-known/agent-card.json`,
    });
  });

  it('filters by skill tag (repeatable, all must match, case-insensitive)', async () => {
    const ids = async (query: string) => (await server.request('GET', `/agents?${query}`)).body.agents.map((a: { id: string }) => a.id);
    expect(await ids('tag=echo')).toEqual(['echo', 'shouty-echo']);
    expect(await ids('tag=ECHO&tag=loud')).toEqual(['shouty-echo']);
    expect(await ids('tag=streaming')).toEqual(['conformance']);
    expect(await ids('tag=none-such')).toEqual([]);
  });

  it('filters by free text over names, descriptions and skills', async () => {
    const ids = async (q: string) => (await server.request('GET', `/agents?q=${encodeURIComponent(q)}`)).body.agents.map((a: { id: string }) => a.id);
    expect(await ids('capitals')).toEqual(['shouty-echo']);
    expect(await ids('chunked artifacts')).toEqual(['conformance']);
    expect(await ids('repeats TEXT')).toEqual(['echo']);
  });
});
