// Task tokens are opaque to workers; ours name the task precisely (run, scheduled event, attempt) so a
// late answer for an older attempt is recognised and rejected with NOT_FOUND.
import { invalidArgument } from '../grpc/errors';

const MAGIC = 'et1';

export type TaskToken =
  | { kind: 'wt'; runId: string; scheduledId: number; attempt: number }
  | { kind: 'act'; runId: string; scheduledId: number; attempt: number }
  | { kind: 'query'; queryId: string };

export function encodeToken(token: TaskToken): Buffer {
  const parts =
    token.kind === 'query'
      ? [MAGIC, 'query', token.queryId]
      : [MAGIC, token.kind, token.runId, String(token.scheduledId), String(token.attempt)];
  return Buffer.from(parts.join('|'), 'utf8');
}

export function decodeToken(bytes: Uint8Array | null | undefined): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token is not set on request.');
  const parts = Buffer.from(bytes).toString('utf8').split('|');
  if (parts[0] === MAGIC) {
    if (parts[1] === 'query' && parts.length === 3 && parts[2]) return { kind: 'query', queryId: parts[2] };
    if ((parts[1] === 'wt' || parts[1] === 'act') && parts.length === 5) {
      const scheduledId = Number(parts[3]);
      const attempt = Number(parts[4]);
      if (parts[2] && Number.isInteger(scheduledId) && scheduledId > 0 && Number.isInteger(attempt) && attempt > 0) {
        return { kind: parts[1], runId: parts[2], scheduledId, attempt };
      }
    }
  }
  throw invalidArgument('Error deserializing task token: not a task token issued by this engine.');
}
