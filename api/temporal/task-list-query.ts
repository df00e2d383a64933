// Builds the visibility query behind ListTasks and wraps Temporal's page tokens. Identity values
// (tenant, owner, context) are stored as digests: any client string is safe in a query literal and
// visibility never holds principals in clear text.
import { createHash } from 'node:crypto';
import { A2AError } from '../a2a-error';
import type { TaskListFilter } from './task-gateway';

export const visibilityDigest = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Only values from closed sets (task states, agent ids) or digests reach the query unescaped. */
const SAFE_LITERAL = /^[A-Za-z0-9._:-]*$/;

function literal(value: string): string {
  if (!SAFE_LITERAL.test(value)) throw A2AError.invalidParams(`Unsupported characters in filter value: ${value}`);
  return `'${value}'`;
}

/** Whether a role can be granted and listed (see grantAccess callers): only such roles reach a query. */
export const isListableRole = (role: string): boolean => role !== '' && SAFE_LITERAL.test(role);

export function buildTaskListQuery(filter: TaskListFilter): string {
  // A role that could not be written as a literal can never have been granted (see grantAccess callers).
  const roles = (filter.roles ?? []).filter(isListableRole);
  const shown = [
    ...(filter.owner !== undefined ? [`A2AOwner = ${literal(visibilityDigest(filter.owner))}`] : []),
    ...(roles.length > 0 ? [`A2AGrantedRoles IN (${roles.map(literal).join(', ')})`] : []),
  ];
  if (!filter.wholeTenant && shown.length === 0) throw A2AError.invalidParams('A task list needs an owner, a grantable role or the whole tenant');
  const visible = shown.length === 1 ? shown[0] : `(${shown.join(' OR ')})`;
  const clauses = [`A2ATenant = ${literal(visibilityDigest(filter.tenant))}`, ...(filter.wholeTenant ? [] : [visible]), `A2AResponseKind = 'task'`];
  if (filter.agentId) clauses.push(`A2AAgentId = ${literal(filter.agentId)}`);
  if (filter.contextId !== undefined) clauses.push(`A2AContextId = ${literal(visibilityDigest(filter.contextId))}`);
  if (filter.state) clauses.push(`A2ATaskState = ${literal(filter.state)}`);
  if (filter.statusTimestampAfter) {
    clauses.push(`A2AStatusTimestamp >= ${literal(new Date(filter.statusTimestampAfter).toISOString())}`);
  }
  return clauses.join(' AND ');
}

/** A2A requires most recently updated first; servers without custom ORDER BY fall back to start time. */
export const TASK_LIST_ORDER = ' ORDER BY A2AStatusTimestamp DESC';

interface PageTokenBody {
  /** Digest of the query the token belongs to: a token is only valid for the same filter. */
  q: string;
  t: string;
}

export function encodePageToken(query: string, temporalToken: Uint8Array | null | undefined): string {
  if (!temporalToken || temporalToken.length === 0) return '';
  const body: PageTokenBody = { q: visibilityDigest(query), t: Buffer.from(temporalToken).toString('base64') };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodePageToken(query: string, token: string | undefined): Uint8Array | undefined {
  if (!token) return undefined;
  let body: Partial<PageTokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageTokenBody>;
  } catch {
    throw A2AError.invalidParams('pageToken is not a token this server issued');
  }
  if (typeof body.t !== 'string' || body.q !== visibilityDigest(query)) {
    throw A2AError.invalidParams('pageToken does not belong to this query; repeat the same filters or start without a token');
  }
  return Buffer.from(body.t, 'base64');
}
