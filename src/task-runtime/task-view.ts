// Read-side views of a TaskRecord: the Task a client asked for (history trimmed, artifacts optional)
// and the events a subscriber has not seen yet. Pure; shared by the workflow's query and the API.
import type { Task } from '../a2a-model/types';
import type { SequencedEvent, TaskRecord } from './task-record';

/** `historyLength` per A2A §3.2.4: unset = all, 0 = none, n = the n most recent messages. */
export function viewTask(task: Task, options: { historyLength?: number; includeArtifacts?: boolean } = {}): Task {
  const { history, artifacts, ...rest } = task;
  const view: Task = { ...rest };
  const all = history ?? [];
  const n = options.historyLength;
  const trimmed = n === undefined ? all : n <= 0 ? [] : all.slice(-n);
  if (trimmed.length > 0) view.history = trimmed;
  if (options.includeArtifacts !== false) view.artifacts = artifacts ?? [];
  return view;
}

export interface EventsSince {
  events: SequencedEvent[];
  /**
   * True when events after `afterSeq` were dropped from the bounded log: the subscriber cannot be
   * caught up event by event and must be sent the current Task instead.
   */
  gap: boolean;
}

export function eventsSince(record: TaskRecord, afterSeq: number): EventsSince {
  if (afterSeq >= record.seq) return { events: [], gap: false };
  const oldest = record.log.length > 0 ? record.log[0].seq : record.seq + 1;
  const gap = afterSeq + 1 < oldest;
  return { events: record.log.filter((e) => e.seq > afterSeq), gap };
}
