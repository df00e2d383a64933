// `Last-Event-ID` (SSE reconnect) names the last sequence number the client saw; frames are sent
// with `id: <seq>`, so it must be a non-negative integer. Empty means "none", as EventSource sends it.
import { A2AError } from '../a2a-error';

export function parseLastEventId(header: string | undefined): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seq = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(seq)) {
    throw A2AError.invalidFields([{ field: 'Last-Event-ID', description: `must be a non-negative integer event id, got "${value.slice(0, 64)}"` }]);
  }
  return seq;
}
