// Our cheap counters and histograms expose exactly what prom-client's own would for the same
// observations (bucket bounds inclusive, cumulative buckets, sum and count), so scrapes and
// dashboards cannot tell them apart.
import { Counter, Histogram, Registry } from 'prom-client';
import { counterFamily, histogramFamily } from '../../src/metrics/families';

const BUCKETS = [0.1, 0.5, 1, 5];
const OBSERVATIONS: Array<[number, string, string]> = [
  [0.05, 'GET', '200'],
  [0.1, 'GET', '200'],
  [0.3, 'GET', '200'],
  [1, 'POST', '401'],
  [7, 'GET', '200'],
  [5, 'POST', '401'],
];

it('a counter and a histogram family render as prom-client’s Counter and Histogram do', async () => {
  const ours = new Registry();
  const theirs = new Registry();
  const definition = { name: 'x_requests_total', help: 'Requests.', labelNames: ['method', 'status'] };
  const histogram = { name: 'x_duration_seconds', help: 'Latency.', labelNames: ['method', 'status'], buckets: BUCKETS };
  const counter = counterFamily(ours, definition);
  const latency = histogramFamily(ours, histogram);
  const reference = new Counter({ ...definition, registers: [theirs] });
  const referenceLatency = new Histogram({ ...histogram, registers: [theirs] });
  for (const [seconds, method, status] of OBSERVATIONS) {
    counter.inc(method, status);
    latency.observe(seconds, method, status);
    reference.inc({ method, status });
    referenceLatency.observe({ method, status }, seconds);
  }
  counter.inc('GET', '200', undefined, 3);
  reference.inc({ method: 'GET', status: '200' }, 3);
  expect(await ours.metrics()).toBe(await theirs.metrics());
});
