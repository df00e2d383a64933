// Benchmark child: the embedded engine alone in its process, so its CPU and memory are its own.
import { startEmbeddedTemporal } from '../../src/embedded-temporal';
import { serveStats } from './stats';

async function main(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR || undefined;
  const engine = await startEmbeddedTemporal({ dataDir });
  serveStats();
  process.send?.({ type: 'ready', address: engine.address });
  process.on('disconnect', () => void engine.close().then(() => process.exit(0)));
}

void main();
