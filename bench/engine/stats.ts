// Resource figures a bench child reports over IPC: CPU seconds since start and resident memory.
import { writeHeapSnapshot } from 'node:v8';
export interface ProcessStats {
  cpuSeconds: number;
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

export function processStats(): ProcessStats {
  const cpu = process.cpuUsage();
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage.rss(),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    heapTotalBytes: process.memoryUsage().heapTotal,
    externalBytes: process.memoryUsage().external,
  };
}

/** Answers `{ type: 'stats' }` messages from the parent with this process's figures. */
export function serveStats(): void {
  process.on('message', (msg: { type?: string; id?: number }) => {
    if (msg?.type === 'stats') {
      // Two full collections with a pause between them let sweeping finish and free pages return,
      // so the figure is what the engine holds, not garbage it has not swept yet.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      setTimeout(() => {
        gc?.();
        process.send?.({ type: 'stats', id: msg.id, stats: processStats() });
      }, 300);
    }
    if (msg?.type === 'heapsnapshot') {
      // BENCH_HEAP_SNAPSHOT=1 asks the engine for a heap snapshot while workflows are parked.
      const file = writeHeapSnapshot();
      process.stderr.write(`heap snapshot written to ${file}\n`);
    }
  });
}
