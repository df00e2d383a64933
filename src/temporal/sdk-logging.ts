// Routes the Temporal SDK's own log lines (worker lifecycle, workflow and activity logs) into the
// application's structured logger, at WARN and above unless asked for more.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export function installSdkLogging(logger: Logger, level: LogLevel = 'WARN'): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => sdk[PINO_LEVEL[entry.level]](entry.meta ?? {}, entry.message)),
  });
}
