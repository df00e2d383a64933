// The Grafana dashboard kept in the repository (ops/grafana) stays true to the metrics: valid JSON,
// and every series of ours that a panel queries is one the platform registers (a renamed metric
// would otherwise leave an empty panel nobody notices).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPlatformMetrics } from '../../src/metrics/platform-metrics';

const DASHBOARD = path.resolve(__dirname, '../../ops/grafana/a2a-temporal-dashboard.json');

interface Panel {
  title: string;
  targets?: Array<{ expr: string }>;
}

it('queries only series the platform registers, and each of our a2a_ families on some panel', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const families = new Set(createPlatformMetrics().registry.getMetricsAsArray().map((m) => m.name));
  const queried = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\b((?:a2a|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!)));
  const family = (series: string) => (families.has(series) ? series : series.replace(/_(bucket|count|sum)$/, ''));
  expect(queried.filter((series) => !families.has(family(series)))).toEqual([]);
  const ours = [...families].filter((name) => name.startsWith('a2a_'));
  expect(ours.filter((name) => !queried.map(family).includes(name))).toEqual([]);
});
