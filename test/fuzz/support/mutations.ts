// Mutations of valid requests as fast-check values: each is plain data (which node, what to do), so a
// failure shrinks to the fewest, simplest edits of a request that is otherwise valid. The JSON tree
// edits (wrong types, missing and extra fields, odd strings, deep nesting) and the byte-level edits
// of the encoded body (truncated, broken, not UTF-8) are separate, so each can be read on its own.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Field names of both versions' requests, plus names that bite JavaScript objects. */
const FIELD_NAMES = [
  'message', 'configuration', 'metadata', 'tenant', 'id', 'taskId', 'contextId', 'historyLength', 'returnImmediately',
  'blocking', 'pushNotificationConfig', 'taskPushNotificationConfig', 'url', 'token', 'authentication', 'schemes',
  'credentials', 'scheme', 'pageSize', 'pageToken', 'status', 'statusTimestampAfter', 'includeArtifacts', 'parts', 'text',
  'raw', 'data', 'kind', 'file', 'bytes', 'uri', 'mimeType', 'mediaType', 'filename', 'name', 'role', 'messageId',
  'referenceTaskIds', 'extensions', 'acceptedOutputModes', 'pushNotificationConfigId', 'lastEventId', 'params', 'jsonrpc',
  'method', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '',
];

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800', // a lone surrogate
  '\udfff\ud800',
  '😀'.repeat(50),
  'e\u0301'.repeat(20),
  '\u202e\u2066rtl',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  'a2a-task-',
  'TASK_STATE_COMPLETED',
  'TASK_STATE_UNSPECIFIED',
  'ROLE_AGENT',
  'ROLE_USER',
  'user',
  'agent',
  'text',
  'file',
  'data',
  'message',
  'task',
  '0',
  '-1',
  '1e400',
  'null',
  'true',
  '2025-13-45T99:99:99Z',
  '2024-01-01T00:00:00Z',
  'http://127.0.0.1:1/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://[::1]/x',
  'https://example.com/hook',
  'file:///etc/passwd',
  'javascript:alert(1)',
  '=',
  'AAAA',
  'not base64!',
  '<script>alert(1)</script>',
  "'; DROP TABLE tasks; --",
  'A2ATaskState = "completed" OR 1=1',
  '${process.env}',
  '{{7*7}}',
);

const hugeString = fc.oneof(
  fc.integer({ min: 1_000, max: 40_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 3_000 }).map((n) => '😀'.repeat(n)),
  fc.constant('y'.repeat(1_100_000)), // over the default body limit
);

/**
 * Deep nesting, past what recursive code (JSON.stringify included) handles: kept as a marker in the
 * tree and written out only when the body is encoded.
 */
const DEEP = '\u0000deep';
const deep: fc.Arbitrary<Json> = fc
  .tuple(fc.integer({ min: 20, max: 100_000 }), fc.boolean())
  .map(([depth, arrays]) => ({ [DEEP]: `${depth}:${arrays ? 1 : 0}` }));

export const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, -0, [], {}, [null], { '': '' }) },
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.array(fc.constantFrom<Json>({ text: 'p' }, { kind: 'text', text: 'p' }), { minLength: 50, maxLength: 3_000 }) },
);

export type TreeMutation =
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: Json }
  | { kind: 'retype'; at: number }
  | { kind: 'wrap'; at: number; inArray: boolean }
  | { kind: 'repeat'; at: number; times: number };

const at = fc.nat({ max: 10_000 });
const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), at, value: weirdValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), at, key, value: weirdValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retype' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at, inArray: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), at, times: fc.integer({ min: 2, max: 500 }) }) },
);

type Slot = { parent: Json[] | Record<string, Json> | undefined; key: string | number; value: Json };

/** Every node of the tree in document order; the root's parent is undefined. */
function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (value: Json, parent: Slot['parent'], k: string | number) => {
    out.push({ parent, key: k, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, value, i));
    else if (value && typeof value === 'object' && !(DEEP in value)) for (const [kk, v] of Object.entries(value)) walk(v, value, kk);
  };
  walk(root, undefined, '');
  return out;
}

/** JSON text of the tree with deep-nesting markers expanded. */
export function stringify(value: Json): string {
  const text = JSON.stringify(value, (_k, v: Json) =>
    v && typeof v === 'object' && !Array.isArray(v) && DEEP in v ? `\u0000DEEP:${String(v[DEEP])}` : v,
  );
  return text.replace(/"\\u0000DEEP:(\d+):([01])"/g, (_m, depth: string, arrays: string) => {
    const n = Number(depth);
    return arrays === '1' ? '['.repeat(n) + '"bottom"' + ']'.repeat(n) : '{"a":'.repeat(n) + '"bottom"' + '}'.repeat(n);
  });
}

function retype(value: Json): Json {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : [value];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length ? value[0] : {};
  return Object.values(value)[0] ?? [];
}

function put(slot: Slot, value: Json): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else if (slot.parent) Object.defineProperty(slot.parent, slot.key, { value, enumerable: true, writable: true, configurable: true });
}

/** Edits that would grow a request past this (as sent) are skipped: the body limit is tested, not the heap. */
const MAX_TREE_BYTES = 3 * 1024 * 1024;

/** The encoded size of a tree, deep-nesting markers counted as what they expand to. */
function encodedSize(tree: Json): number {
  let extra = 0;
  try {
    const text = JSON.stringify(tree, (_k, v: Json) => {
      if (v && typeof v === 'object' && !Array.isArray(v) && DEEP in v) {
        const [depth, arrays] = String(v[DEEP]).split(':').map(Number);
        extra += depth * (arrays ? 2 : 6);
        return 0;
      }
      return v;
    });
    return text.length + extra;
  } catch {
    return Number.POSITIVE_INFINITY; // too large to even encode (a RangeError): certainly over the budget
  }
}

/** Applies the edits to a copy of `root`; returns the new root (which may itself have been replaced). */
export function applyTreeMutations(root: Json, mutations: readonly TreeMutation[], options: { keepRoot?: boolean } = {}): Json {
  let tree = structuredClone(root);
  for (const m of mutations) {
    const before = structuredClone(tree);
    tree = applyOne(tree, m, options);
    if (encodedSize(tree) > MAX_TREE_BYTES) tree = before;
  }
  return tree;
}

function applyOne(root: Json, m: TreeMutation, options: { keepRoot?: boolean }): Json {
  let tree = root;
  const all = slots(tree);
  // keepRoot: edit inside the value, so it stays an object (params that get past the envelope).
  const slot = options.keepRoot && all.length > 1 ? all[1 + (m.at % (all.length - 1))] : all[m.at % all.length];
  const replace = (value: Json) => (slot.parent ? put(slot, value) : (tree = value));
  switch (m.kind) {
    case 'set':
      replace(structuredClone(m.value));
      break;
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else if (slot.parent) delete slot.parent[slot.key];
      else tree = {};
      break;
    case 'add': {
      const target = slot.value;
      // Inserted values are copies: fast-check reuses its values while shrinking, and a shared
      // node edited twice could even come to contain itself.
      const value = structuredClone(m.value);
      if (Array.isArray(target)) target.push(value);
      else if (target && typeof target === 'object') put({ parent: target, key: m.key, value }, value);
      else replace({ [m.key]: value });
      break;
    }
    case 'retype':
      replace(retype(slot.value));
      break;
    case 'wrap':
      replace(m.inArray ? [slot.value] : { value: slot.value });
      break;
    case 'repeat':
      // Copies, not shared references: a later edit of one element must not change them all.
      if (Array.isArray(slot.value) && slot.value.length && encodedSize(slot.value) * m.times <= MAX_TREE_BYTES) replace(Array.from({ length: m.times }, (_, i) => structuredClone((slot.value as Json[])[i % (slot.value as Json[]).length])));
      else if (typeof slot.value === 'string' && slot.value.length * m.times <= 200_000) replace(slot.value.repeat(m.times));
      break;
  }
  return tree;
}

export type BytesMutation =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'replaceChar'; at: number; char: string }
  | { kind: 'insertBytes'; at: number; bytes: number[] }
  | { kind: 'prefix'; text: string }
  | { kind: 'suffix'; text: string }
  | { kind: 'whole'; text: string };

export const bytesMutation: fc.Arbitrary<BytesMutation> = fc.oneof(
  { weight: 30, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replaceChar' as const), at, char: fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '\n', '\u0000', 'x', "'") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insertBytes' as const), at, bytes: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prefix' as const), text: fc.constantFrom('\ufeff', ' \n\t', 'x', ')]}\'\n', '//') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('suffix' as const), text: fc.constantFrom('x', ',', '}', ' {}', '\u0000', '\n\n') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('whole' as const),
      text: fc.oneof(fc.constantFrom('', ' ', 'null', '[]', '[{}]', '"x"', '0', 'true', '{', '{}', '{"jsonrpc":"2.0"}', 'NaN', '\ufeff{}'), fc.string({ maxLength: 30 })),
    }),
  },
);

export function encodeBody(value: Json | undefined, mutation: BytesMutation): Buffer | undefined {
  const text = value === undefined ? '' : stringify(value);
  switch (mutation.kind) {
    case 'none':
      return value === undefined ? undefined : Buffer.from(text, 'utf8');
    case 'truncate':
      return Buffer.from(text.slice(0, text.length ? mutation.at % text.length : 0), 'utf8');
    case 'replaceChar': {
      const i = text.length ? mutation.at % text.length : 0;
      return Buffer.from(text.slice(0, i) + mutation.char + text.slice(i + 1), 'utf8');
    }
    case 'insertBytes': {
      const bytes = Buffer.from(text, 'utf8');
      const i = bytes.length ? mutation.at % bytes.length : 0;
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(mutation.bytes), bytes.subarray(i)]);
    }
    case 'prefix':
      return Buffer.from(mutation.text + text, 'utf8');
    case 'suffix':
      return Buffer.from(text + mutation.text, 'utf8');
    case 'whole':
      return Buffer.from(mutation.text, 'utf8');
  }
}

/** Header values Node lets through (latin-1, no CR/LF), including ones that are nonsense for the header. */
export const headerValue = fc.oneof(
  fc.constantFrom('', ' ', 'x', '\u00ff\u00fe', 'application/json', '1.0', '0.3', '-1', '99999999999999999999', '1.0, 0.3'),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')),
);

export const versionHeader: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '1', '1.0.0', '1.0.9', '01.00', '0.3.0', '0.2', '0.4', '1.1', '2.0', 'v1.0', '1.0 ', '1.0,0.3', 'latest', '\u00e91.0') },
  { weight: 1, arbitrary: headerValue },
);

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 3, arbitrary: fc.constantFrom(undefined, 'application/a2a+json', 'APPLICATION/JSON; charset=utf-8', 'application/json; charset=utf-16') },
  { weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/event-stream', ';', '') },
  { weight: 1, arbitrary: headerValue },
);

/** Extra headers that clients send, right or wrong. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('Last-Event-ID', 'Accept', 'Authorization', 'X-API-Key', 'Accept-Encoding', 'Content-Encoding', 'X-Request-Id', 'A2A-Extensions', 'Origin', 'X-Forwarded-For', 'Cache-Control'),
  fc.oneof(
    fc.constantFrom('0', '1', '2', '5', '-1', '1.5', '999999999999999999999', 'text/event-stream', 'gzip', 'Bearer x', 'Bearer ', 'Basic Og==', '*/*'),
    // Credentials that must not get in: unsigned (alg none), malformed, a made-up API key.
    fc.constantFrom('Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwidGVuYW50IjoiZnV6eiJ9.', 'Bearer a.b.c', 'bearer  ', 'a2a_notakey', 'a2a_'),
    headerValue,
  ),
  { maxKeys: 3 },
);
