// Resource figures a bench child reports over IPC: CPU seconds since start, resident memory and the
// longest event-loop stall since the previous report (how long the process could not answer anything).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
export interface ProcessStats {
  cpuSeconds: number;
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  /** Longest event-loop delay since the previous stats request (before this one's forced GCs). */
  loopDelayMaxMs: number;
}

export function processStats(loopDelayMaxMs = 0): ProcessStats {
  const cpu = process.cpuUsage();
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage.rss(),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    heapTotalBytes: process.memoryUsage().heapTotal,
    externalBytes: process.memoryUsage().external,
    loopDelayMaxMs,
  };
}

/** Answers `{ type: 'stats' }` messages from the parent with this process's figures. */
export function serveStats(): void {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on('message', (msg: { type?: string; id?: number }) => {
    if (msg?.type === 'stats') {
      const loopDelayMaxMs = loop.max / 1e6;
      // Two full collections with a pause between them let sweeping finish and free pages return,
      // so the figure is what the engine holds, not garbage it has not swept yet.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      setTimeout(() => {
        gc?.();
        process.send?.({ type: 'stats', id: msg.id, stats: processStats(loopDelayMaxMs) });
        loop.reset(); // the forced collections above are the benchmark's stalls, not the process's
      }, 300);
    }
    if (msg?.type === 'heapsnapshot') {
      // BENCH_HEAP_SNAPSHOT=1 asks the engine for a heap snapshot while workflows are parked.
      const file = writeHeapSnapshot();
      process.stderr.write(`heap snapshot written to ${file}\n`);
    }
  });
}
