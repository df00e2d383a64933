// Reads and writes the committed workflow histories (Temporal's JSON history format, as
// `historyToJSON` writes and `historyFromJSON` reads it). Every `*.json` under this folder is one
// closed (or parked) run; the replay test finds them all, so a new file is replayed without a list.
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type History = temporal.api.history.v1.IHistory;

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

export interface RecordedHistory {
  /** Path relative to the histories folder, e.g. `2026-12-07/echo-agent-completed.json`. */
  file: string;
  workflowId: string;
  workflowType: string;
  history: History;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

export function readHistory(file: string): RecordedHistory {
  const full = path.resolve(HISTORIES_DIR, file);
  const history = historyFromJSON(JSON.parse(readFileSync(full, 'utf8')));
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const relative = path.relative(HISTORIES_DIR, full);
  return {
    file: relative,
    // The real workflow id: workflow code may read it (workflowInfo()) and replay must see the same.
    workflowId: started?.workflowId || relative,
    workflowType: started?.workflowType?.name ?? '',
    history,
  };
}

/** Every committed history, in a stable order. */
export function readAllHistories(): RecordedHistory[] {
  return jsonFiles(HISTORIES_DIR)
    .sort()
    .map((full) => readHistory(full));
}

/**
 * Writes a history once: a committed history is the record of what an older deployment did, so
 * re-recording never overwrites one (record into a new folder instead).
 */
export function writeHistory(file: string, history: History): void {
  const full = path.resolve(HISTORIES_DIR, file);
  if (existsSync(full)) throw new Error(`${file} exists already; record into a new folder instead of overwriting history`);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
}
