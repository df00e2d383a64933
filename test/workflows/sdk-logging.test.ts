import type { LogEntry } from '@temporalio/worker';
import { sdkLogFilter } from '../../src/temporal/sdk-logging';

const entry = (level: LogEntry['level'], meta?: Record<string, unknown>): LogEntry => ({ level, message: 'm', timestampNanos: 0n, meta });

describe('SDK log routing', () => {
  it('keeps audit records written by workflows at INFO even when diagnostics are at WARN', () => {
    const keep = sdkLogFilter('WARN');
    expect(keep(entry('INFO', { audit: 'approval-decision' }))).toBe(true);
    expect(keep(entry('INFO', { workflowId: 'x' }))).toBe(false);
    expect(keep(entry('WARN'))).toBe(true);
  });
});
