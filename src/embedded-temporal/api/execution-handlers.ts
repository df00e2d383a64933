// Client-facing execution RPCs: start, signal, signal-with-start, cancel, terminate, delete,
// describe and query.
import type { temporal } from '../proto/schema';
import { requireField } from '../grpc/errors';
import type { RpcContext, ServiceHandlers } from '../grpc/server';
import type { Engine } from '../engine/engine';
import { signalWithStart, startWorkflow } from '../engine/starts';
import { requestCancelRun, signalRun, terminateRun } from '../engine/executions';
import { queryWorkflow } from '../engine/queries';
import { describeRun } from '../visibility/execution-info';
import { requireWithinBlobLimit } from '../engine/limits';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer P } ? P : never;

export function executionHandlers(engine: Engine): ServiceHandlers {
  const txn = <R>(fn: () => R) => engine.transact(fn);
  return {
    StartWorkflowExecution: (req: Req<'StartWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      requireWithinBlobLimit(engine.limits, req.input);
      const { run, started } = txn(() => startWorkflow(engine, ns, req));
      return { runId: run.state.runId, started, status: run.state.status };
    },

    SignalWithStartWorkflowExecution: (req: Req<'SignalWithStartWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      requireWithinBlobLimit(engine.limits, req.input, req.signalInput);
      const { run, started } = txn(() => signalWithStart(engine, ns, req));
      return { runId: run.state.runId, started };
    },

    SignalWorkflowExecution: (req: Req<'SignalWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      const name = requireField(req.signalName, 'SignalName');
      requireWithinBlobLimit(engine.limits, req.input);
      const run = engine.findRun(ns.name, req.workflowExecution?.workflowId, req.workflowExecution?.runId);
      txn(() => signalRun(engine, run, { name, input: req.input, header: req.header, identity: req.identity ?? '', requestId: req.requestId }));
      return {};
    },

    RequestCancelWorkflowExecution: (req: Req<'RequestCancelWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      const run = engine.findRun(ns.name, req.workflowExecution?.workflowId, req.workflowExecution?.runId);
      txn(() => requestCancelRun(engine, run, { identity: req.identity ?? '', requestId: req.requestId, reason: req.reason }));
      return {};
    },

    TerminateWorkflowExecution: (req: Req<'TerminateWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      const run = engine.findRun(ns.name, req.workflowExecution?.workflowId, req.workflowExecution?.runId);
      txn(() => terminateRun(engine, run, { reason: req.reason, details: req.details, identity: req.identity ?? '' }));
      return {};
    },

    DeleteWorkflowExecution: (req: Req<'DeleteWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      const run = engine.findRun(ns.name, req.workflowExecution?.workflowId, req.workflowExecution?.runId);
      txn(() => {
        if (run.isOpen) terminateRun(engine, run, { reason: 'deleted', identity: 'embedded-temporal' });
        engine.dropRun(run);
      });
      return {};
    },

    DescribeWorkflowExecution: (req: Req<'DescribeWorkflowExecutionRequest'>) => {
      const ns = engine.namespace(req.namespace);
      return describeRun(engine.findRun(ns.name, req.execution?.workflowId, req.execution?.runId));
    },

    QueryWorkflow: (req: Req<'QueryWorkflowRequest'>, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const run = engine.findRun(ns.name, req.execution?.workflowId, req.execution?.runId);
      return queryWorkflow(engine, run, req, ctx.deadline);
    },
  };
}
