// GetWorkflowExecutionHistory: paged reads for replay and cache misses, and the long poll behind
// `handle.result()` (close-event filter + waitNewEvent), which blocks until the run closes or
// answers empty shortly before the client's deadline (never immediately, or the client spins).
import { enums, historyFieldId, lookupType, type temporal } from '../proto/schema';
import { encodeWithHistory } from '../proto/wire';
import { invalidArgument } from '../grpc/errors';
import type { RpcContext, ServiceHandlers } from '../grpc/server';
import type { Engine } from '../engine/engine';
import type { Run } from '../engine/run';

const Response = lookupType('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse');
const HISTORY_FIELD = historyFieldId('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse');
const DEFAULT_PAGE = 1000;

type Req = temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest;

function waitForChange(engine: Engine, run: Run, ctx: RpcContext, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const deadlineWait = Number.isFinite(ctx.deadline) ? ctx.deadline - Date.now() - 1000 : Infinity;
    const waitMs = Math.max(0, Math.min(engine.tuning.longPollMs, deadlineWait));
    const finish = () => {
      run.historyWaiters?.delete(check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (ready()) finish();
      else (run.historyWaiters ??= new Set()).add(check);
    };
    const timer = setTimeout(finish, waitMs).unref();

    ctx.tracker.onEnd(finish);
    check();
  });
}

interface PageToken {
  runId: string;
  from: number;
}

/** Decodes a history page token; it names its run, like the server's continuation token. */
function decodePageToken(token: Uint8Array | null | undefined): PageToken | null {
  if (!token || token.length === 0) return null;
  const m = /^h:([^:]+):(\d+)$/.exec(Buffer.from(token).toString('utf8'));
  if (!m) throw invalidArgument('Invalid NextPageToken.');
  return { runId: m[1], from: Number(m[2]) };
}

export function historyHandlers(engine: Engine): ServiceHandlers {
  return {
    GetWorkflowExecutionHistory: async (req: Req, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const token = decodePageToken(req.nextPageToken);
      // Later pages read the run the first page read, even once the workflow id has a newer run.
      if (token && req.execution?.runId && req.execution.runId !== token.runId) throw invalidArgument('RunId in the request does not match the NextPageToken.');
      const run = engine.findRun(ns.name, req.execution?.workflowId, token?.runId ?? req.execution?.runId);
      if (req.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT) {
        if (run.isOpen && req.waitNewEvent) await waitForChange(engine, run, ctx, () => !run.isOpen);
        if (run.isOpen) return encodeWithHistory(Response, {}, HISTORY_FIELD, Buffer.alloc(0));
        const last = run.state.nextEventId - 1;
        return encodeWithHistory(Response, {}, HISTORY_FIELD, run.historyBytes(last, last));
      }
      const from = token?.from ?? 1;
      if (req.waitNewEvent && run.isOpen && from >= run.state.nextEventId) {
        await waitForChange(engine, run, ctx, () => from < run.state.nextEventId || !run.isOpen);
      }
      // A speculative workflow task's events are not history yet (they may be dropped), as on the server.
      const last = run.durableState().eventCount;
      const size = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_PAGE;
      const to = Math.min(last, from + size - 1);
      const more = to < last || (req.waitNewEvent === true && run.isOpen);
      const nextPageToken = more ? Buffer.from(`h:${run.state.runId}:${to + 1}`) : undefined;
      return encodeWithHistory(Response, { nextPageToken }, HISTORY_FIELD, from <= to ? run.historyBytes(from, to) : Buffer.alloc(0));
    },
  };
}
