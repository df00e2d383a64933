// Benchmark child: the API alone, wired exactly as `RUN_WORKER=false npm start` wires it (auth and
// payload encryption on, dev tokens written), plus the Temporal call counters, which it reports with
// its CPU and memory when the parent asks over IPC.
import { createTemporalCallCounters } from '../../api/temporal/temporal-call-metrics';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { writeDevTokens } from '../../src/platform/dev-tokens';
import { platformOptionsFromConfig, resolveSecurity } from '../../src/platform/platform-config';
import { startPlatform } from '../../src/platform/start-platform';
import { installSdkLogging } from '../../src/temporal/sdk-logging';
import { DEFAULT_SERVICE_NAMES, startTracing } from '../../src/telemetry/tracing';

export interface ApiChildStats {
  calls: Record<string, number>;
  activeFeeds: number;
  cpuSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.env.LOG_LEVEL, name: 'a2a-bench-api' });
  installSdkLogging(logger);
  const counters = createTemporalCallCounters();
  const security = resolveSecurity(config, logger);
  // As npm start does: on only when the OTEL_* variables say so (BENCH_TRACING=1 sets them).
  const tracing = startTracing({ env: process.env, defaultServiceName: DEFAULT_SERVICE_NAMES.api });
  const platform = await startPlatform({ ...platformOptionsFromConfig(config, logger, security), temporalCallMetrics: counters, tracing });
  // As npm start does: tokens for the benchmark's client in <DATA_DIR>/dev-tokens.json.
  if (security.auth.development) await writeDevTokens({ config, signing: security.auth.development, baseUrl: platform.api?.url });
  process.on('message', (msg: { type?: string; id?: number }) => {
    if (msg?.type !== 'stats') return;
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const stats: ApiChildStats = {
      calls: counters.snapshot(),
      activeFeeds: platform.feeds?.activeFeeds ?? 0,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
    };
    process.send?.({ type: 'stats', id: msg.id, stats });
  });
  const stop = () => void platform.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.stdout.write(`bench api listening on ${platform.api?.url}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench api failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
