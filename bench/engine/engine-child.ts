// Benchmark child: the embedded engine alone in its process, so its CPU and memory are its own.
// BENCH_DATA_DIR makes it durable; BENCH_WAL_COMPACT_BYTES sets its log compaction threshold.
import { startEmbeddedTemporal } from '../../src/embedded-temporal';
import { serveStats } from './stats';

async function main(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR || undefined;
  const walCompactBytes = process.env.BENCH_WAL_COMPACT_BYTES ? Number(process.env.BENCH_WAL_COMPACT_BYTES) : undefined;
  const engine = await startEmbeddedTemporal({ dataDir, walCompactBytes });
  serveStats();
  process.send?.({ type: 'ready', address: engine.address });
  process.on('disconnect', () => void engine.close().then(() => process.exit(0)));
}

void main();
