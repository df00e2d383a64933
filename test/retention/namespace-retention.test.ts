// The namespace retention follows RETENTION_PERIOD: the embedded engine keeps closed runs past the
// period plus a sweep interval (else the sweep, which finds closed tasks through visibility, would find
// none), and a worker warns at start-up about a namespace that keeps them for less.
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../src/embedded-temporal';
import { createSilentLogger } from '../../src/logger';
import { platformOptionsFromConfig } from '../../src/platform/platform-config';
import { checkNamespaceRetention } from '../../src/retention/namespace-retention-check';
import { captureLogs } from '../security/support/log-capture';

const DAY = 86_400_000;
const silentEngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('the embedded engine’s namespace retention', () => {
  it('by default keeps closed runs longer than RETENTION_PERIOD plus RETENTION_SWEEP_EVERY', () => {
    const { temporal } = platformOptionsFromConfig(loadConfig({}), createSilentLogger());
    expect(temporal.embedded.retentionMs).toBeGreaterThanOrEqual(30 * DAY + 3_600_000);
  });

  it('follows a changed period, and is the engine’s own default with retention off', () => {
    expect(platformOptionsFromConfig(loadConfig({ RETENTION_PERIOD: '90d' }), createSilentLogger()).temporal.embedded.retentionMs).toBeGreaterThanOrEqual(90 * DAY + 3_600_000);
    expect(platformOptionsFromConfig(loadConfig({ RETENTION_PERIOD: 'off' }), createSilentLogger()).temporal.embedded.retentionMs).toBeUndefined();
  });
});

describe('the start-up check of the namespace retention', () => {
  const engines: EmbeddedTemporal[] = [];
  const connections: Connection[] = [];
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await Promise.all(engines.map((e) => e.close()));
  });
  async function connectTo(retentionMs: number): Promise<Connection> {
    const engine = await startEmbeddedTemporal({ logger: silentEngineLogger, retentionMs });
    engines.push(engine);
    const connection = await Connection.connect({ address: engine.address });
    connections.push(connection);
    return connection;
  }
  const settings = { periodMs: 30 * DAY, sweepEveryMs: 3_600_000 };

  it('logs one error naming both values and both fixes when the namespace keeps closed runs for less', async () => {
    const logs = captureLogs('info');
    const connection = await connectTo(DAY);
    expect(await checkNamespaceRetention({ connection, namespace: 'default', settings, logger: logs.logger })).toBe(false);
    expect(logs.lines).toHaveLength(1);
    const [line] = logs.lines;
    expect(line).toMatchObject({ level: 50, namespaceRetentionMs: DAY, retentionPeriodMs: 30 * DAY, sweepEveryMs: 3_600_000 });
    expect(line.msg).toEqual(expect.stringMatching(/24 h.*RETENTION_PERIOD \(720 h\).*Raise the namespace retention.*lower RETENTION_PERIOD/));
  });

  it('says nothing when the namespace keeps them long enough, or retention is off', async () => {
    const logs = captureLogs('info');
    const connection = await connectTo(31 * DAY + 3_600_000);
    expect(await checkNamespaceRetention({ connection, namespace: 'default', settings, logger: logs.logger })).toBe(true);
    expect(await checkNamespaceRetention({ connection: await connectTo(DAY), namespace: 'default', settings: { periodMs: undefined, sweepEveryMs: 3_600_000 }, logger: logs.logger })).toBe(true);
    expect(logs.lines).toEqual([]);
  });
});
