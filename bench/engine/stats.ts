// Resource figures a bench child reports over IPC: CPU seconds since start and resident memory.
export interface ProcessStats {
  cpuSeconds: number;
  rssBytes: number;
  peakRssBytes: number;
}

export function processStats(): ProcessStats {
  const cpu = process.cpuUsage();
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage.rss(),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** Answers `{ type: 'stats' }` messages from the parent with this process's figures. */
export function serveStats(): void {
  process.on('message', (msg: { type?: string; id?: number }) => {
    if (msg?.type === 'stats') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) gc();
      process.send?.({ type: 'stats', id: msg.id, stats: processStats() });
    }
  });
}
