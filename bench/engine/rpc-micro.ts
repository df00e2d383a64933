// Micro-benchmark: raw unary RPC cost of the engine's gRPC layer (engine in a child, client here).
import { Connection } from '@temporalio/client';
import { forkChild } from './children';

async function main(): Promise<void> {
  const engine = forkChild('engine-child.ts', {}, (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const { address } = await engine.ready;
  const connection = await Connection.connect({ address: address! });
  const N = 20_000;
  for (let i = 0; i < 2000; i++) await connection.workflowService.describeNamespace({ namespace: 'default' });
  const s0 = await engine.stats();
  const t0 = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next++ < N) await connection.workflowService.describeNamespace({ namespace: 'default' });
  }));
  const s1 = await engine.stats();
  const secs = (Date.now() - t0) / 1000;
  console.log(`${N} DescribeNamespace in ${secs.toFixed(2)} s = ${(N / secs).toFixed(0)}/s; engine CPU ${((s1.cpuSeconds - s0.cpuSeconds) / N * 1e6).toFixed(0)} µs/call`);
  await connection.close();
  engine.proc.disconnect();
}
void main();
