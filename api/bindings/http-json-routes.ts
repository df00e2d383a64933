// The v1.0 HTTP+JSON URL patterns (§11.3, a2a.proto http options), each also under `/{tenant}/…`.
// Paths are matched on raw segments: a literal ':' separates the custom verb (`:cancel`), while an
// id's own ':' arrives percent-encoded, so `tasks/a%3Ab:cancel` is task "a:b".
import type { OperationName } from '../protocol/operations';

export interface RouteMatch {
  op: OperationName;
  taskId?: string;
  configId?: string;
  tenant?: string;
}

export type RouteResult = { kind: 'match'; match: RouteMatch } | { kind: 'method-not-allowed'; allowed: string[] } | { kind: 'none' };

type Pattern = { methods: Partial<Record<string, OperationName>>; match: (segs: string[]) => Omit<RouteMatch, 'op'> | undefined };

const verb = (seg: string | undefined, name: string): string | undefined =>
  seg !== undefined && seg.endsWith(`:${name}`) && seg.length > name.length + 1 ? seg.slice(0, -(name.length + 1)) : undefined;

const PATTERNS: Pattern[] = [
  { methods: { POST: 'sendMessage' }, match: (s) => (s.length === 1 && s[0] === 'message:send' ? {} : undefined) },
  { methods: { POST: 'sendStreamingMessage' }, match: (s) => (s.length === 1 && s[0] === 'message:stream' ? {} : undefined) },
  { methods: { GET: 'getExtendedAgentCard' }, match: (s) => (s.length === 1 && s[0] === 'extendedAgentCard' ? {} : undefined) },
  { methods: { GET: 'listTasks' }, match: (s) => (s.length === 1 && s[0] === 'tasks' ? {} : undefined) },
  {
    methods: { POST: 'cancelTask' },
    match: (s) => {
      const id = s.length === 2 && s[0] === 'tasks' ? verb(s[1], 'cancel') : undefined;
      return id ? { taskId: id } : undefined;
    },
  },
  {
    // The proto binds GET; the spec's table says POST. Both are served (GET suits EventSource reconnects).
    methods: { GET: 'subscribeToTask', POST: 'subscribeToTask' },
    match: (s) => {
      const id = s.length === 2 && s[0] === 'tasks' ? verb(s[1], 'subscribe') : undefined;
      return id ? { taskId: id } : undefined;
    },
  },
  {
    methods: { GET: 'getTask' },
    match: (s) => (s.length === 2 && s[0] === 'tasks' && s[1] !== '' ? { taskId: s[1] } : undefined),
  },
  {
    methods: { POST: 'createPushConfig', GET: 'listPushConfigs' },
    match: (s) => (s.length === 3 && s[0] === 'tasks' && s[1] !== '' && s[2] === 'pushNotificationConfigs' ? { taskId: s[1] } : undefined),
  },
  {
    methods: { GET: 'getPushConfig', DELETE: 'deletePushConfig' },
    match: (s) =>
      s.length === 4 && s[0] === 'tasks' && s[1] !== '' && s[2] === 'pushNotificationConfigs' && s[3] !== ''
        ? { taskId: s[1], configId: s[3] }
        : undefined,
  },
];

function decode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function matchSegments(method: string, segs: string[]): RouteResult {
  for (const pattern of PATTERNS) {
    const found = pattern.match(segs);
    if (!found) continue;
    const op = Object.hasOwn(pattern.methods, method) ? pattern.methods[method] : undefined;
    if (!op) return { kind: 'method-not-allowed', allowed: Object.keys(pattern.methods) };
    return { kind: 'match', match: { op, taskId: decode(found.taskId), configId: decode(found.configId) } };
  }
  return { kind: 'none' };
}

/** `rawPath` is the path below the agent's base URL, still percent-encoded, e.g. `/t1/tasks/abc:cancel`. */
export function matchRoute(method: string, rawPath: string): RouteResult {
  const segs = rawPath.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  // Without a tenant first: `/tasks/tasks` is the task named "tasks", not tenant "tasks" listing.
  const direct = matchSegments(method, segs);
  if (direct.kind !== 'none' || segs.length < 2 || segs[0] === '') return direct;
  const tenanted = matchSegments(method, segs.slice(1));
  if (tenanted.kind === 'match') tenanted.match.tenant = decode(segs[0]);
  return tenanted;
}
