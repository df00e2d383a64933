// Property-based fuzzing of the JSON-RPC binding, v1.0 and v0.3, on the real stack (embedded engine,
// worker, API): valid requests of every method mutated in their envelope (jsonrpc, id, method), their
// params (wrong types, missing and extra fields, odd and huge strings, deep nesting), their bytes
// (truncated, broken, not UTF-8), headers (version, media type, Last-Event-ID …), verb and path.
// Every answer must be a valid protocol answer for its binding and version (wire-oracle.ts), no
// unexpected exception may be logged, and valid requests must still work afterwards.
// FUZZ_SEED and FUZZ_RUNS (a multiplier) reproduce or widen a run; the seed is printed.
import fc from 'fast-check';
import { reportFigures } from '../faults/support/figures';
import { rpcSeeds, type RpcSeed } from './support/corpus';
import { AGENT_IDS, startFuzzStack, type FuzzStack } from './support/fuzz-stack';
import { applyTreeMutations, bytesMutation, contentType, encodeBody, extraHeaders, treeMutation, versionHeader, weirdValue, type Json } from './support/mutations';
import { closeRawHttpAgent, describeRequest, send } from './support/raw-http';
import { checkHttp, checkJsonRpc, isJsonRpcEndpoint, jsonRpcSent, type Outcome } from './support/wire-oracle';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
/** A request unanswered (or a stream not ended) this long counts as hung: a failure, not a wait. */
const GUARD_MS = Number(process.env.FUZZ_GUARD_MS ?? 45_000);
const RUNS_PER_VERSION = Math.round(1_500 * SCALE);

let stack: FuzzStack;
let seeds: RpcSeed[];
let firstFailure: string | undefined;
const tally = { cases: 0, requests: 0, byOutcome: {} as Record<string, number> };

beforeAll(async () => {
  stack = await startFuzzStack();
  seeds = rpcSeeds(stack);
}, 120_000);
afterAll(async () => {
  closeRawHttpAgent();
  await stack?.close();
});

const KEEP = Symbol('keep');
const DROP = Symbol('drop');
type Field = typeof KEEP | typeof DROP | Json;

const ALL_METHODS = [
  'SendMessage', 'SendStreamingMessage', 'GetTask', 'ListTasks', 'CancelTask', 'SubscribeToTask', 'CreateTaskPushNotificationConfig',
  'GetTaskPushNotificationConfig', 'ListTaskPushNotificationConfigs', 'DeleteTaskPushNotificationConfig', 'GetExtendedAgentCard',
  'message/send', 'message/stream', 'tasks/get', 'tasks/cancel', 'tasks/resubscribe', 'tasks/list', 'tasks/pushNotificationConfig/set',
  'tasks/pushNotificationConfig/get', 'tasks/pushNotificationConfig/list', 'tasks/pushNotificationConfig/delete',
  'agent/getAuthenticatedExtendedCard', 'sendMessage', 'getTask', 'tasks/GET', 'rpc.discover', '__proto__', 'constructor', 'hasOwnProperty',
];

const field = (weightKeep: number, replacement: fc.Arbitrary<Json>): fc.Arbitrary<Field> =>
  fc.oneof(
    { weight: weightKeep, arbitrary: fc.constant<Field>(KEEP) },
    { weight: 1, arbitrary: fc.constant<Field>(DROP) },
    { weight: 2, arbitrary: replacement as fc.Arbitrary<Field> },
  );

/** Which part of the request is bent; the rest stays valid, so each part's handling is reached. */
const focus = fc.constantFrom('params', 'params', 'params', 'envelope', 'bytes', 'transport', 'all');

const rpcCase = fc.record({
  focus,
  seed: fc.nat(),
  jsonrpc: field(20, weirdValue),
  id: fc.oneof(
    { weight: 6, arbitrary: fc.integer() as fc.Arbitrary<Field> },
    { weight: 3, arbitrary: fc.string({ maxLength: 20 }) as fc.Arbitrary<Field> },
    { weight: 1, arbitrary: fc.constant<Field>(null) },
    { weight: 1, arbitrary: fc.constant<Field>(DROP) },
    { weight: 1, arbitrary: weirdValue as fc.Arbitrary<Field> },
  ),
  method: field(12, fc.oneof(fc.constantFrom<Json>(...ALL_METHODS), weirdValue)),
  /** Where the tree edits land: mostly params, sometimes the whole envelope. */
  wholeBody: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  edits: fc.array(treeMutation, { maxLength: 4 }),
  bytes: bytesMutation,
  verb: fc.oneof({ weight: 30, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') }),
  path: fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('/agents/echo', '/agents/conformance', '/', '/agents/echo/') },
    { weight: 1, arbitrary: fc.constantFrom('/agents/nope', '/agents/', '/agents/%ZZ', '/agents/echo%00', '/agents/ECHO', '/agents/echo?A2A-Version=1.0', '/?a2a-version=0.3', '/agents/conformance?x=%E0%A4%A') },
  ),
  version: fc.oneof({ weight: 10, arbitrary: fc.constant<string | undefined | typeof KEEP>(KEEP) }, { weight: 2, arbitrary: versionHeader }),
  contentType,
  extra: extraHeaders,
});

type RpcCase = typeof rpcCase extends fc.Arbitrary<infer T> ? T : never;

function buildRequest(c: RpcCase, version: '1.0' | '0.3') {
  const ofVersion = seeds.filter((s) => s.version === version);
  const seed = ofVersion[c.seed % ofVersion.length];
  const bend = (part: string) => c.focus === 'all' || c.focus === part;
  let body: Json = { jsonrpc: '2.0', id: typeof c.id === 'number' ? c.id : 0, method: seed.method, params: seed.params };
  const env = body as Record<string, Json>;
  if (bend('envelope')) {
    for (const [name, choice] of [['jsonrpc', c.jsonrpc], ['id', c.id], ['method', c.method]] as const) {
      if (choice === DROP) delete env[name];
      else if (choice !== KEEP) env[name] = choice as Json;
    }
  }
  if (bend('params') || bend('envelope')) {
    if (c.wholeBody && c.focus !== 'params') body = applyTreeMutations(body, c.edits);
    else if ('params' in env) env.params = applyTreeMutations(env.params, c.edits, { keepRoot: c.focus === 'params' });
  }

  const transport = bend('transport');
  // Sent as the fuzz principal; a header edit may replace or garble the credentials.
  const headers: Record<string, string> = { ...stack.auth, ...(transport ? c.extra : {}) };
  const versionValue = c.version === KEEP || !transport ? (version === '1.0' ? '1.0' : undefined) : c.version;
  if (versionValue !== undefined) headers['A2A-Version'] = versionValue;
  const type = transport ? c.contentType : 'application/json';
  if (type !== undefined) headers['Content-Type'] = type;
  const verb = transport ? c.verb : 'POST';
  const path = transport ? c.path : '/agents/echo';
  const bytes = verb === 'GET' || verb === 'HEAD' ? undefined : encodeBody(body, bend('bytes') ? c.bytes : { kind: 'none' });

  const request = { method: verb, path, headers, body: bytes };
  return { request, sent: jsonRpcSent(bytes, versionValue, path) };
}

async function runCase(c: RpcCase, version: '1.0' | '0.3'): Promise<void> {
  const { request, sent } = buildRequest(c, version);
  tally.requests += 1;
  const res = await send(stack.base, request, GUARD_MS);
  let outcome: Outcome;
  try {
    if (isJsonRpcEndpoint(request.method, request.path, AGENT_IDS)) outcome = checkJsonRpc(sent, res);
    else outcome = checkHttp(undefined, request.method, res);
  } catch (err) {
    const failure = new Error(`${String(err)}\n  request: ${describeRequest(request)}`);
    if (!firstFailure) console.log(`[fuzz] first failure, before shrinking: ${(firstFailure = failure.message)}`);
    throw failure;
  }
  tally.byOutcome[outcome.label] = (tally.byOutcome[outcome.label] ?? 0) + 1;
  if (stack.errors.length) throw new Error(`unexpected error logged: ${JSON.stringify(stack.errors.splice(0))}`);
  if (tally.requests % 250 === 0) await stack.assertAlive();
}

describe.each(['1.0', '0.3'] as const)('JSON-RPC %s under fuzzing', (version) => {
  it('answers every mutated request with a valid protocol answer and keeps serving', async () => {
    console.log(`[fuzz] JSON-RPC ${version}: seed ${SEED}, ${RUNS_PER_VERSION} runs (FUZZ_SEED / FUZZ_RUNS to change)`);
    await fc.assert(
      fc.asyncProperty(rpcCase, async (c) => {
        tally.cases += 1;
        await runCase(c, version);
      }),
      { seed: SEED + (version === '1.0' ? 0 : 1), numRuns: RUNS_PER_VERSION, endOnFailure: process.env.FUZZ_NO_SHRINK === '1' },
    );
    await stack.assertAlive();
  }, 600_000);
});

describe('after the fuzzing', () => {
  it('still answers valid requests, logged no unexpected error, and reports its figures', async () => {
    await stack.assertAlive();
    expect(stack.errors).toEqual([]);
    reportFigures('fuzz-json-rpc', { seed: SEED, fuzzCases: tally.cases, requests: tally.requests, outcomes: tally.byOutcome });
    expect(tally.cases).toBeGreaterThanOrEqual(2 * RUNS_PER_VERSION);
  });
});
