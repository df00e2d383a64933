// Which task events reach webhooks. Status changes and whole artifacts are pushed as they happen; the
// chunks of a streamed artifact are not (each push costs an activity, ~6 history events per webhook):
// its last chunk is pushed once, as the whole artifact so far, with that chunk's sequence number.
import { patched } from '@temporalio/workflow';
import type { SequencedEvent, TaskRecord } from '../../src/task-runtime/task-record';

/** Runs without the marker (begun before this) pushed every chunk; replaying them must do the same. */
export const COALESCE_CHUNK_PUSHES_PATCH = 'push-coalesce-artifact-chunks';

/** The event to push for `event` (just applied to `record`), or undefined when it is pushed later. */
export function pushableEvent(event: SequencedEvent, record: TaskRecord): SequencedEvent | undefined {
  const update = event.event;
  if (update.kind !== 'artifact-update') return event;
  const streamedChunk = update.lastChunk === false;
  const streamEnd = update.lastChunk === true && update.append === true;
  if (!streamedChunk && !streamEnd) return event; // a whole artifact
  if (!patched(COALESCE_CHUNK_PUSHES_PATCH)) return event;
  if (streamedChunk) return undefined;
  const whole = record.task.artifacts?.find((a) => a.artifactId === update.artifact.artifactId) ?? update.artifact;
  const { append: _append, ...rest } = update;
  return { seq: event.seq, event: { ...rest, artifact: whole, lastChunk: true } };
}
