// Items 1–3 of the A2A benchmark: blocking sends of the echo agent at a few concurrencies, through
// our facade over HTTP (and, for item 7, as SSE streams), straight to Temporal with the official
// client (same engine and worker), and on @a2a-js/sdk's in-memory server. Each point runs for a
// fixed time after a warm-up.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ownerKey } from '../../api/temporal/task-gateway';
import { visibilityDigest } from '../../api/temporal/task-list-query';
import { taskSearchAttributes, taskWorkflowId, type TaskWorkflowInput } from '../../src/task-runtime/contract';
import { createHttpClient, openStream } from './http-client';
import { mergeResults, runLoad, type LoadResult } from './stats';

export const CONCURRENCIES = [1, 16, 64];

const sendParams = (i: number) => ({
  message: { messageId: `bench-${process.pid}-${Date.now()}-${i}`, role: 'ROLE_USER', parts: [{ text: `echo ${i}` }] },
});

/** Blocking SendMessage over JSON-RPC v1.0; every reply must be a completed task. */
export function httpEcho(url: string, concurrency: number, headers: Record<string, string> = {}) {
  const http = createHttpClient(concurrency, headers);
  return {
    async send(i: number) {
      const result = await http.rpc(url, 'SendMessage', sendParams(i));
      const state = (result.task as { status?: { state?: string } } | undefined)?.status?.state;
      if (state !== 'TASK_STATE_COMPLETED') throw new Error(`expected a completed task, got ${JSON.stringify(result).slice(0, 200)}`);
    },
    close: () => http.close(),
  };
}

/** SendStreamingMessage over JSON-RPC v1.0 (one connection per stream), read to the completed frame. */
export function streamedEcho(url: string, headers: Record<string, string> = {}) {
  return {
    async send(i: number) {
      const stream = await openStream(url, 'SendStreamingMessage', sendParams(i), headers);
      const done = (f: { data?: unknown }) => (f.data as { result?: { statusUpdate?: { status?: { state?: string } } } })?.result?.statusUpdate?.status?.state;
      const final = await Promise.race([stream.waitFor((f) => done(f) === 'TASK_STATE_COMPLETED'), stream.ended.then(() => undefined)]);
      stream.close();
      if (!final) throw new Error(`stream ended before completed: ${JSON.stringify(stream.frames).slice(0, 200)}`);
    },
    close() {},
  };
}

/** The input the facade would build for the same message, started and awaited with the client. */
export function directEcho(client: Client, taskQueue: string, owner: { tenant: string; subject: string }) {
  return async (i: number) => {
    const taskId = randomUUID();
    const contextId = randomUUID();
    const input: TaskWorkflowInput = {
      taskId,
      contextId,
      agentId: 'echo',
      owner,
      message: { messageId: `direct-${i}-${taskId}`, role: 'user', parts: [{ kind: 'text', text: `echo ${i}` }], taskId, contextId },
      pushConfigs: [],
    };
    await client.workflow.execute('echoAgentWorkflow', {
      taskQueue,
      workflowId: taskWorkflowId(taskId),
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: taskSearchAttributes.tenant, value: visibilityDigest(owner.tenant) },
        { key: taskSearchAttributes.owner, value: visibilityDigest(ownerKey(owner)) },
        { key: taskSearchAttributes.contextId, value: visibilityDigest(contextId) },
        { key: taskSearchAttributes.agentId, value: 'echo' },
        { key: taskSearchAttributes.state, value: 'submitted' },
        { key: taskSearchAttributes.kind, value: 'task' },
        { key: taskSearchAttributes.statusTimestamp, value: new Date() },
      ],
    });
  };
}

export interface LoadSystem {
  name: string;
  make(concurrency: number): { send(i: number): Promise<void>; close(): void };
  /** CPU seconds used so far by the processes serving this system, by process. */
  cpu(): Promise<Record<string, number>>;
}

export interface ThroughputPoint {
  concurrency: number;
  result: LoadResult;
  /** CPU milliseconds per completed task, by process. */
  cpuMsPerTask: Record<string, number>;
}

/**
 * Warms every system up, then measures each concurrency for `seconds` per system, alternating the
 * systems in `rounds` slices so a noisy neighbour hurts them alike.
 */
export async function measureSystems(
  systems: LoadSystem[],
  options: { seconds: number; warmupSeconds: number; rounds: number },
): Promise<Map<string, ThroughputPoint[]>> {
  const points = new Map<string, ThroughputPoint[]>(systems.map((s) => [s.name, []]));
  for (const system of systems) {
    const warm = system.make(16);
    await runLoad(16, options.warmupSeconds * 1000, warm.send);
    warm.close();
  }
  for (const concurrency of CONCURRENCIES) {
    const slices = new Map<string, { results: LoadResult[]; cpu: Record<string, number> }>(systems.map((s) => [s.name, { results: [], cpu: {} }]));
    for (let round = 0; round < options.rounds; round++) {
      for (const system of systems) {
        const load = system.make(concurrency);
        const before = await system.cpu();
        const result = await runLoad(concurrency, (options.seconds * 1000) / options.rounds, load.send);
        const after = await system.cpu();
        load.close();
        const slice = slices.get(system.name)!;
        slice.results.push(result);
        for (const [name, seconds] of Object.entries(after)) slice.cpu[name] = (slice.cpu[name] ?? 0) + seconds - before[name];
      }
    }
    for (const system of systems) {
      const { results, cpu } = slices.get(system.name)!;
      const result = mergeResults(results);
      const cpuMsPerTask = Object.fromEntries(Object.entries(cpu).map(([name, seconds]) => [name, (seconds * 1000) / Math.max(1, result.completed)]));
      points.get(system.name)!.push({ concurrency, result, cpuMsPerTask });
      process.stderr.write(`  ${system.name} c=${concurrency}: ${result.perSecond.toFixed(0)}/s p50 ${result.latency.p50.toFixed(1)} p99 ${result.latency.p99.toFixed(1)}${result.failed ? ` (${result.failed} failed: ${result.firstError})` : ''}\n`);
    }
  }
  return points;
}
