// Counters and histograms whose hot path is a Map lookup per label and a number add: prom-client's
// own children hash their label values on every observation. prom-client's registry still formats
// them (`get()` at scrape time is all it asks of a metric), next to its Gauge and process metrics.
// Label values must come from bounded sets; each combination keeps its cell for the process's life.
import type { Registry } from 'prom-client';
import { childCache } from './child-cache';

interface Definition {
  name: string;
  help: string;
  labelNames: readonly string[];
}

type Sample = { metricName?: string; labels: Record<string, string | number>; value: number };

const labelsOf = (names: readonly string[], values: string[]) => Object.fromEntries(names.map((name, i) => [name, values[i]!]));

export interface CounterFamily {
  inc(a: string, b?: string, c?: string, by?: number): void;
}

export function counterFamily(registry: Registry, definition: Definition): CounterFamily {
  const cells: Array<{ labels: Record<string, string>; value: number }> = [];
  const cell = childCache((a, b, c) => {
    const created = { labels: labelsOf(definition.labelNames, [a, b, c]), value: 0 };
    cells.push(created);
    return created;
  });
  register(registry, definition, 'counter', () => cells.map(({ labels, value }) => ({ labels, value })));
  return {
    inc(a, b, c, by = 1) {
      cell(a, b, c).value += by;
    },
  };
}

export interface HistogramFamily {
  observe(value: number, a: string, b?: string, c?: string): void;
}

export function histogramFamily(registry: Registry, definition: Definition & { buckets: readonly number[] }): HistogramFamily {
  const { buckets } = definition;
  const cells: Array<{ labels: Record<string, string>; counts: Float64Array; sum: number; count: number }> = [];
  const cell = childCache((a, b, c) => {
    // counts[i]: observations in (buckets[i-1], buckets[i]]; the last slot is above every bound.
    const created = { labels: labelsOf(definition.labelNames, [a, b, c]), counts: new Float64Array(buckets.length + 1), sum: 0, count: 0 };
    cells.push(created);
    return created;
  });
  register(registry, definition, 'histogram', () =>
    cells.flatMap(({ labels, counts, sum, count }) => {
      let cumulative = 0;
      const samples: Sample[] = buckets.map((bound, i) => {
        cumulative += counts[i]!;
        return { metricName: `${definition.name}_bucket`, labels: { le: bound, ...labels }, value: cumulative };
      });
      samples.push({ metricName: `${definition.name}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
      samples.push({ metricName: `${definition.name}_sum`, labels, value: sum });
      samples.push({ metricName: `${definition.name}_count`, labels, value: count });
      return samples;
    }),
  );
  return {
    observe(value, a, b, c) {
      const target = cell(a, b, c);
      let i = 0;
      while (i < buckets.length && value > buckets[i]!) i++;
      target.counts[i]! += 1;
      target.sum += value;
      target.count += 1;
    },
  };
}

function register(registry: Registry, definition: Definition, type: 'counter' | 'histogram', values: () => Sample[]): void {
  const metric = {
    name: definition.name,
    help: definition.help,
    type,
    aggregator: 'sum' as const,
    get: async () => ({ name: definition.name, help: definition.help, type, aggregator: 'sum' as const, values: values() }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}
