// Duplicate terminal events, found where they can still be seen. The task record refuses a second
// terminal status (setStatus throws), and the workflow logs that refusal and keeps the first outcome,
// so a workflow's own event log can never show two: counting there proves nothing. What can show
// them: the raw frames a client received (before any reducer), and the refusals in the process log.
import type { TrackedFrame } from './stream-tracker';

const TERMINAL_V03 = /^(completed|failed|canceled|rejected)$/;
const TERMINAL_V1 = /^TASK_STATE_(COMPLETED|FAILED|CANCELED|REJECTED)$/;

/**
 * The frames carrying a terminal status update, as received: a frame delivered twice counts twice.
 * `jsonRpc` frames are v0.3 results (`kind: 'status-update'`); the others are v1.0 StreamResponses.
 */
export function terminalFrames(frames: readonly TrackedFrame[], jsonRpc: boolean): TrackedFrame[] {
  return frames.filter((frame) => {
    const payload = frame.payload as { kind?: string; status?: { state?: string }; statusUpdate?: { status?: { state?: string } } } | undefined;
    if (jsonRpc) return payload?.kind === 'status-update' && TERMINAL_V03.test(payload.status?.state ?? '');
    return TERMINAL_V1.test(payload?.statusUpdate?.status?.state ?? '');
  });
}

// The task record's refusal (src/task-runtime/task-record.ts), wherever the process logged it.
const REFUSAL = /task \S+ is already (completed|failed|canceled|rejected); it cannot become [a-z-]+/g;

/** Every refused attempt, logged in `output`, to give a finished task another status (a second terminal one included). */
export function refusalsAfterTerminal(output: string): string[] {
  return [...output.matchAll(REFUSAL)].map((m) => m[0]);
}
