// Property-based fuzzing of the HTTP+JSON binding on the real stack (embedded engine, worker, API):
// every route mutated in verb, path segments (odd ids, broken percent-encoding, wrong custom verbs,
// tenant prefixes), query (wrong types, repeated keys), body (tree and byte edits) and headers, with
// A2A-Version 1.0 and 0.3 (v0.3 has no HTTP+JSON binding, so it must be refused as such). Also bodies
// cut short on the wire. Every answer must be a google.rpc.Status error whose code is the HTTP status,
// or a result of the route's wire shape; nothing unexpected may be logged; valid requests keep working.
// FUZZ_SEED and FUZZ_RUNS (a multiplier) reproduce or widen a run; the seed is printed.
import fc from 'fast-check';
import { matchRoute } from '../../api/bindings/http-json-routes';
import { reportFigures } from '../faults/support/figures';
import { httpSeeds, type HttpSeed } from './support/corpus';
import { AGENT_IDS, startFuzzStack, type FuzzStack } from './support/fuzz-stack';
import { applyTreeMutations, bytesMutation, contentType, encodeBody, extraHeaders, treeMutation, versionHeader, weirdValue, type Json } from './support/mutations';
import { closeRawHttpAgent, describeRequest, send, type RawResponse } from './support/raw-http';
import { checkHttp, checkHttpError, checkJsonRpc, isJsonRpcEndpoint, jsonRpcSent, type HttpOp, type Outcome } from './support/wire-oracle';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
/** A request unanswered (or a stream not ended) this long counts as hung: a failure, not a wait. */
const GUARD_MS = Number(process.env.FUZZ_GUARD_MS ?? 45_000);

let stack: FuzzStack;
let seeds: HttpSeed[];
let firstFailure: string | undefined;
const tally = { cases: 0, requests: 0, byOutcome: {} as Record<string, number> };

beforeAll(async () => {
  stack = await startFuzzStack();
  seeds = httpSeeds(stack);
}, 120_000);
afterAll(async () => {
  closeRawHttpAgent();
  await stack?.close();
});

/** Percent-encodes every byte outside the unreserved set, as a client building a URL would. */
const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-._~:]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const segmentText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('tasks', 'message:send', 'message:stream', 'extendedAgentCard', 'pushNotificationConfigs', ':cancel', ':subscribe', 'x:cancel', 'x:subscribe', 'x::cancel', 'a:b:cancel', '..', '.', '', 'agents', 'echo', 'tenant-1'),
  weirdValue.filter((v) => typeof v === 'string' && v.length < 2_000) as fc.Arbitrary<string>,
  fc.webSegment(),
);
/** Raw (unencoded) text put straight into the path: broken escapes and the like. */
const rawSegment = fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%C0%AF', '%00', '%2F', '%252F', '%3A', 'a%3Ab:cancel', '%FF%FE');

type PathEdit =
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'raw'; at: number; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number }
  | { kind: 'suffix'; at: number; text: string };

const pathEdit: fc.Arbitrary<PathEdit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: segmentText }),
  fc.record({ kind: fc.constant('raw' as const), at: fc.nat(), text: rawSegment }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: segmentText }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('suffix' as const), at: fc.nat(), text: fc.constantFrom(':cancel', ':subscribe', ':', ':CANCEL', ':cancel:cancel', '/', ' ', '%20') }),
);

const queryValue = fc.oneof(fc.constantFrom('', '0', '-1', '101', '1.5', 'true', 'false', 'TRUE', 'null', 'TASK_STATE_UNSPECIFIED', 'TASK_STATE_WORKING', 'working', '2020-01-01T00:00:00Z', 'x'), fc.string({ maxLength: 20 }));
const queryKey = fc.constantFrom('historyLength', 'pageSize', 'pageToken', 'status', 'contextId', 'includeArtifacts', 'statusTimestampAfter', 'tenant', 'id', 'taskId', 'A2A-Version', 'a2a-version', '__proto__', 'constructor', 'x');

const httpCase = fc.record({
  focus: fc.constantFrom('body', 'body', 'path', 'query', 'transport', 'all'),
  seed: fc.nat(),
  agent: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('/agents/echo', '/agents/conformance', '') }, { weight: 1, arbitrary: fc.constantFrom('/agents/nope', '/agents/echo/tenant-x', '/agents/conformance/default', '/tenant-x') }),
  verb: fc.oneof({ weight: 6, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') }),
  pathEdits: fc.array(pathEdit, { minLength: 1, maxLength: 3 }),
  queryEdits: fc.array(fc.tuple(queryKey, queryValue), { minLength: 1, maxLength: 4 }),
  edits: fc.array(treeMutation, { minLength: 1, maxLength: 4 }),
  bytes: bytesMutation,
  version: fc.oneof({ weight: 6, arbitrary: fc.constant<string | undefined | null>(null) }, { weight: 2, arbitrary: fc.constantFrom<string | undefined>(undefined, '0.3') }, { weight: 2, arbitrary: versionHeader }),
  contentType,
  extra: extraHeaders,
});
type HttpCase = typeof httpCase extends fc.Arbitrary<infer T> ? T : never;

function applyPathEdits(segments: string[], edits: readonly PathEdit[]): string[] {
  const out = segments.map(encode);
  for (const e of edits) {
    const i = out.length ? e.at % out.length : 0;
    if (e.kind === 'replace') out[i] = encode(e.text);
    else if (e.kind === 'raw') out[i] = e.text;
    else if (e.kind === 'insert') out.splice(i, 0, encode(e.text));
    else if (e.kind === 'delete') out.splice(i, 1);
    else out[i] = `${out[i] ?? ''}${e.text === ' ' ? '%20' : e.text}`;
  }
  return out;
}

function buildRequest(c: HttpCase) {
  const seed = seeds[c.seed % seeds.length];
  const bend = (part: string) => c.focus === 'all' || c.focus === part;
  const transport = bend('transport');
  const verb = transport && c.verb ? c.verb : seed.verb;
  const agent = transport ? c.agent : '/agents/echo';
  const segments = bend('path') ? applyPathEdits(seed.segments, c.pathEdits) : seed.segments.map(encode);
  const query: Array<[string, string]> = bend('query') ? [...seed.query, ...c.queryEdits] : seed.query;
  const rest = `/${segments.join('/')}`;
  const path = `${agent}${rest}${query.length ? `?${query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : ''}`;

  // Sent as the fuzz principal; a header edit may replace or garble the credentials.
  const headers: Record<string, string> = { ...stack.auth, ...(transport ? c.extra : {}) };
  const version = c.version === null || !transport ? '1.0' : c.version;
  if (version !== undefined) headers['A2A-Version'] = version;
  const type = transport ? c.contentType : 'application/json';
  let body: Buffer | undefined;
  if (seed.body !== undefined && verb !== 'GET' && verb !== 'HEAD') {
    const tree: Json = bend('body') ? applyTreeMutations(seed.body, c.edits, { keepRoot: c.focus === 'body' }) : seed.body;
    body = encodeBody(tree, bend('body') ? c.bytes : { kind: 'none' });
    if (type !== undefined) headers['Content-Type'] = type;
  }
  // Only to pick the result schema a 2xx must match: which operation the server routed to.
  const full = `${agent}${rest}`;
  const route = matchRoute(verb, full.startsWith('/agents/') ? `/${full.split('/').slice(3).join('/')}` : full);
  const op: HttpOp | undefined = route.kind === 'match' ? route.match.op : undefined;
  return { request: { method: verb, path, headers, body }, op, version };
}

async function runCase(c: HttpCase): Promise<void> {
  const { request, op, version } = buildRequest(c);
  tally.requests += 1;
  const res = await send(stack.base, request, GUARD_MS);
  try {
    // A path edit can land on an agent's base URL, where POST is JSON-RPC.
    if (isJsonRpcEndpoint(request.method, request.path, AGENT_IDS)) count(checkJsonRpc(jsonRpcSent(request.body, version, request.path), res));
    else count(checkHttp(op, request.method, res));
  } catch (err) {
    const failure = new Error(`${String(err)}\n  request: ${describeRequest(request)}`);
    if (!firstFailure) console.log(`[fuzz] first failure, before shrinking: ${(firstFailure = failure.message)}`);
    throw failure;
  }
  if (stack.errors.length) throw new Error(`unexpected error logged: ${JSON.stringify(stack.errors.splice(0))}`);
  if (tally.requests % 250 === 0) await stack.assertAlive();
}

function count(outcome: Outcome): void {
  tally.byOutcome[outcome.label] = (tally.byOutcome[outcome.label] ?? 0) + 1;
}

describe('HTTP+JSON under fuzzing', () => {
  it('answers every mutated request with a google.rpc.Status error or a well-formed result, and keeps serving', async () => {
    const runs = Math.round(2_500 * SCALE);
    console.log(`[fuzz] HTTP+JSON: seed ${SEED}, ${runs} runs (FUZZ_SEED / FUZZ_RUNS to change)`);
    await fc.assert(
      fc.asyncProperty(httpCase, async (c) => {
        tally.cases += 1;
        await runCase(c);
      }),
      { seed: SEED, numRuns: runs, endOnFailure: process.env.FUZZ_NO_SHRINK === '1' },
    );
    await stack.assertAlive();
  }, 600_000);

  it('survives bodies cut short on the wire, in both bindings', async () => {
    const runs = Math.round(200 * SCALE);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.boolean(), async (which, cut, jsonRpc) => {
        tally.cases += 1;
        tally.requests += 1;
        const body = Buffer.from(
          JSON.stringify(
            jsonRpc
              ? { jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: `cut-${which}`, role: 'ROLE_USER', parts: [{ text: 'x'.repeat(which % 5000) }] } } }
              : { message: { messageId: `cut-${which}`, role: 'ROLE_USER', parts: [{ text: 'x'.repeat(which % 5000) }] } },
          ),
        );
        const res = await send(stack.base, {
          method: 'POST',
          path: jsonRpc ? '/agents/echo' : '/agents/echo/message:send',
          headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0', ...stack.auth },
          body,
          truncateTo: cut % body.length,
        });
        count(checkCutShort(res));
        if (stack.errors.length) throw new Error(`unexpected error logged: ${JSON.stringify(stack.errors.splice(0))}`);
      }),
      { seed: SEED + 7, numRuns: runs },
    );
    await stack.assertAlive();
  }, 300_000);
});

/** A body shorter than its Content-Length never became a request: Node's bare 400, or a closed socket. */
function checkCutShort(res: RawResponse): Outcome {
  if (res.status === 0) return { status: 0, label: 'cut:closed' };
  if (res.status === 400 && res.text === '') return { status: 400, label: 'cut:node-400' };
  if (res.status >= 400) return { status: res.status, label: checkHttpError(JSON.parse(res.text), res) };
  throw new Error(`a request cut short was answered ${res.status}: ${res.text.slice(0, 300)}`);
}

describe('after the fuzzing', () => {
  it('still answers valid requests, logged no unexpected error, and reports its figures', async () => {
    await stack.assertAlive();
    expect(stack.errors).toEqual([]);
    reportFigures('fuzz-http-json', { seed: SEED, fuzzCases: tally.cases, requests: tally.requests, outcomes: tally.byOutcome });
    expect(tally.cases).toBeGreaterThanOrEqual(Math.round(2_700 * SCALE));
  });
});
