// Start-up check of a cluster's namespace retention against RETENTION_PERIOD (README "Retention"): a
// namespace that drops closed runs sooner hides them from the sweep, whose data would then never be
// deleted. Logs one error line with the fixes; never stops the worker (its tasks go on either way).
import type { Connection } from '@temporalio/client';
import type { Logger } from '../logger';
import { minimumNamespaceRetentionMs } from './namespace-retention';
import type { RetentionSettings } from './retention-contract';

/** Resolves whether the namespace keeps closed runs long enough (true when retention is off). */
export async function checkNamespaceRetention(args: {
  connection: Pick<Connection, 'workflowService'>;
  namespace: string;
  settings: RetentionSettings;
  logger: Logger;
}): Promise<boolean> {
  const needed = minimumNamespaceRetentionMs(args.settings);
  if (needed === undefined) return true;
  const described = await args.connection.workflowService.describeNamespace({ namespace: args.namespace });
  const ttl = described.config?.workflowExecutionRetentionTtl;
  const namespaceRetentionMs = Number(ttl?.seconds ?? 0) * 1000 + Math.floor((ttl?.nanos ?? 0) / 1e6);
  if (namespaceRetentionMs >= needed) return true;
  args.logger.error(
    { namespace: args.namespace, namespaceRetentionMs, retentionPeriodMs: args.settings.periodMs, sweepEveryMs: args.settings.sweepEveryMs },
    `namespace ${args.namespace} keeps closed workflows ${hours(namespaceRetentionMs)}, shorter than RETENTION_PERIOD ` +
      `(${hours(args.settings.periodMs ?? 0)}) plus RETENTION_SWEEP_EVERY (${hours(args.settings.sweepEveryMs)}): the retention sweep ` +
      'never sees tasks the namespace has dropped, so their data is never deleted. Raise the namespace retention ' +
      `(tctl/temporal operator namespace update --retention) to at least ${hours(needed)}, or lower RETENTION_PERIOD`,
  );
  return false;
}

const hours = (ms: number) => `${+(ms / 3_600_000).toFixed(2)} h`;
