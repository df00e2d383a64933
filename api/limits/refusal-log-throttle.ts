// Limits how often one kind of refusal is logged per key (a principal): the first refusal of an
// interval is logged with how many were held back since the last line, the rest are not, so a client
// hammering past its rate limit writes one warning a minute instead of one per request.
export interface RefusalLogThrottle {
  /** The line to write for this refusal (with the count held back before it), or undefined to skip. */
  admit(key: string): { suppressed: number } | undefined;
}

interface Entry {
  loggedAt: number;
  suppressed: number;
}

export function createRefusalLogThrottle(options: { intervalMs: number; now?: () => number }): RefusalLogThrottle {
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  // Memory follows the principals refused in the last interval: older entries are dropped (with
  // their held-back count, which then goes unreported); the sweep runs at most once per interval.
  let sweptAt = now();
  const sweep = (t: number) => {
    for (const [key, entry] of entries) if (t - entry.loggedAt >= options.intervalMs) entries.delete(key);
    sweptAt = t;
  };

  return {
    admit(key) {
      const t = now();
      const entry = entries.get(key);
      if (entry && t - entry.loggedAt < options.intervalMs) {
        entry.suppressed++;
        return undefined;
      }
      const suppressed = entry?.suppressed ?? 0;
      entries.set(key, { loggedAt: t, suppressed: 0 });
      // After this key's own entry is renewed, so its count is reported before any sweep drops it.
      if (t - sweptAt >= options.intervalMs) sweep(t);
      return { suppressed };
    },
  };
}
