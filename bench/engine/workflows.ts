// Workflows the engine benchmark runs (bundled by the worker child; only @temporalio/workflow).
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

const { touch } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

export const releaseSignal = defineSignal('release');

export async function oneActivityWorkflow(input: { n: number }): Promise<number> {
  return await touch(input.n);
}

export async function parkedWorkflow(): Promise<string> {
  let released = false;
  setHandler(releaseSignal, () => {
    released = true;
  });
  await condition(() => released);
  return 'released';
}
