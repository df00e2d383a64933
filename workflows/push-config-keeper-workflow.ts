// Keeps the push configs of a task whose run has closed (see PushConfigKeeperInput): the same query
// and signals as the task workflow, so the API addresses both alike. Signal handlers only record;
// the loop only waits, and the run completes with the configs once idle for `keepForMs`.
import { condition, setHandler } from '@temporalio/workflow';
import type { PushNotificationConfig } from '../src/a2a-model/types';
import {
  deletePushConfigSignal,
  getPushConfigsQuery,
  setPushConfigSignal,
  type PushConfigKeeperInput,
  type PushConfigKeeperResult,
} from '../src/task-runtime/contract';

/**
 * Closing early loses nothing: the closed run's result answers reads for as long as Temporal retains
 * it (always past the task's own run, which closed first), and a later change starts a new run from it.
 */
const DEFAULT_KEEP_FOR_MS = 3600 * 1000;

export async function pushConfigKeeperWorkflow(input: PushConfigKeeperInput): Promise<PushConfigKeeperResult> {
  const configs = new Map<string, PushNotificationConfig>(input.configs.map((c) => [c.id, c]));
  let changed = false;
  setHandler(getPushConfigsQuery, () => [...configs.values()]);
  setHandler(setPushConfigSignal, ({ config }) => {
    configs.set(config.id, config);
    changed = true;
  });
  setHandler(deletePushConfigSignal, ({ id }) => {
    configs.delete(id);
    changed = true;
  });
  while (await condition(() => changed, input.keepForMs ?? DEFAULT_KEEP_FOR_MS)) changed = false;
  return { configs: [...configs.values()] };
}
