// RETENTION_PERIOD and RETENTION_SWEEP_EVERY: durations as text, 30 days and one hour by default,
// 0 or off turning retention off, anything else refused at start-up naming the variable.
import { loadConfig } from '../../src/config';
import { closedTasksQuery } from '../../src/retention/closed-tasks-query';

const retentionOf = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return { periodMs: config.env.RETENTION_PERIOD, sweepEveryMs: config.env.RETENTION_SWEEP_EVERY };
};

describe('retention settings', () => {
  it('default to 30 days, swept every hour', () => {
    expect(retentionOf({})).toEqual({ periodMs: 30 * 86_400_000, sweepEveryMs: 3_600_000 });
  });

  it('take durations as text', () => {
    expect(retentionOf({ RETENTION_PERIOD: '7d', RETENTION_SWEEP_EVERY: '15m' })).toEqual({ periodMs: 7 * 86_400_000, sweepEveryMs: 900_000 });
  });

  it.each(['0', 'off', 'OFF'])('turn retention off with %s', (value) => {
    expect(retentionOf({ RETENTION_PERIOD: value }).periodMs).toBeUndefined();
  });

  it('refuse what is not a duration, naming the variable, and a sweep interval of 0', () => {
    expect(() => loadConfig({ RETENTION_PERIOD: '30' })).toThrow(/RETENTION_PERIOD: "30" is not a duration/);
    expect(() => loadConfig({ RETENTION_SWEEP_EVERY: 'off' })).toThrow(/RETENTION_SWEEP_EVERY/);
  });
});

describe('the closed-tasks query', () => {
  it('lists runs closed for good in the window, in the server’s list-filter language (ContinuedAsNew is no close)', () => {
    expect(closedTasksQuery({ closedBefore: new Date('2026-01-31T00:00:00Z'), closedAfter: new Date('2026-01-01T00:00:00Z') })).toBe(
      "ExecutionStatus IN ('Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut') AND CloseTime < '2026-01-31T00:00:00.000Z' AND CloseTime >= '2026-01-01T00:00:00.000Z'",
    );
  });
});
