// Task tokens are opaque to workers; ours name the task precisely (run, scheduled event, attempt and,
// for workflow tasks, start time) so a late answer for an older attempt is rejected with NOT_FOUND.
// The start time tells apart tasks that reuse a dropped speculative task's event ids, as the server's does.
import { invalidArgument } from '../grpc/errors';

const MAGIC = 'et1';

export type TaskToken =
  | { kind: 'wt'; runId: string; scheduledId: number; attempt: number; startedAt?: number }
  | { kind: 'act'; runId: string; scheduledId: number; attempt: number }
  | { kind: 'query'; queryId: string };

export function encodeToken(token: TaskToken): Buffer {
  const parts =
    token.kind === 'query'
      ? [MAGIC, 'query', token.queryId]
      : [MAGIC, token.kind, token.runId, String(token.scheduledId), String(token.attempt), ...(token.kind === 'wt' && token.startedAt ? [String(token.startedAt)] : [])];
  return Buffer.from(parts.join('|'), 'utf8');
}

export function decodeToken(bytes: Uint8Array | null | undefined): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token is not set on request.');
  const parts = Buffer.from(bytes).toString('utf8').split('|');
  if (parts[0] === MAGIC) {
    if (parts[1] === 'query' && parts.length === 3 && parts[2]) return { kind: 'query', queryId: parts[2] };
    if ((parts[1] === 'wt' && (parts.length === 5 || parts.length === 6)) || (parts[1] === 'act' && parts.length === 5)) {
      const scheduledId = Number(parts[3]);
      const attempt = Number(parts[4]);
      const startedAt = parts.length === 6 ? Number(parts[5]) : undefined;
      const valid = parts[2] && Number.isInteger(scheduledId) && scheduledId > 0 && Number.isInteger(attempt) && attempt > 0;
      if (valid && (startedAt === undefined || Number.isInteger(startedAt))) {
        return parts[1] === 'wt' ? { kind: 'wt', runId: parts[2], scheduledId, attempt, startedAt } : { kind: 'act', runId: parts[2], scheduledId, attempt };
      }
    }
  }
  throw invalidArgument('Error deserializing task token: not a task token issued by this engine.');
}
