// Namespace, cluster and search-attribute RPCs (WorkflowService + OperatorService) and visibility
// list/count/scan; plus the gRPC health check.
import { enums, type temporal } from '../proto/schema';
import { Code, EngineError, invalidArgument } from '../grpc/errors';
import type { RpcContext, ServiceHandlers } from '../grpc/server';
import type { Engine, NamespaceState } from '../engine/engine';
import { dur } from '../engine/durations';
import { SYSTEM_ATTRIBUTES, typeName } from '../visibility/search-attributes';
import { countRuns, listRuns } from '../visibility/list';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer P } ? P : never;
type OS = typeof temporal.api.operatorservice.v1;
type OReq<K extends keyof OS> = OS[K] extends { prototype: infer P } ? P : never;

export const SERVER_VERSION = '1.24.0-embedded';

function describeNamespace(engine: Engine, ns: NamespaceState) {
  return {
    namespaceInfo: {
      name: ns.name,
      id: ns.id,
      state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: 'embedded Temporal engine namespace',
      capabilities: { eagerWorkflowStart: false, syncUpdate: false, asyncUpdate: false },
    },
    config: {
      workflowExecutionRetentionTtl: dur(engine.tuning.retentionMs),
      historyArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
      visibilityArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
    },
    isGlobalNamespace: false,
  };
}

function customAttributes(ns: NamespaceState): Record<string, number> {
  return { ...ns.inferredTypes, ...ns.searchAttributes };
}

export function systemHandlers(engine: Engine, defaultNamespace: string): ServiceHandlers {
  return {
    GetSystemInfo: (_req: unknown, ctx: RpcContext) => {
      // Compression only burns CPU on loopback. The SDK core reconnects without it when the first
      // call is refused this way (the gRPC way for a server that does not take an encoding).
      if (ctx.tracker.encoding !== 'identity') {
        throw new EngineError(Code.UNIMPLEMENTED, `grpc-encoding ${ctx.tracker.encoding} is not accepted for GetSystemInfo: the embedded engine does not decompress here, resend uncompressed`);
      }
      return {
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        encodedFailureAttributes: true,
        upsertMemo: true,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
      },
    };
    },
    GetClusterInfo: () => ({ serverVersion: SERVER_VERSION, clusterName: 'embedded', historyShardCount: 1, persistenceStore: 'embedded', visibilityStore: 'embedded' }),
    DescribeNamespace: (req: Req<'DescribeNamespaceRequest'>) => {
      const ns = req.id ? [...engine.namespaces.values()].find((n) => n.id === req.id) : undefined;
      return describeNamespace(engine, ns ?? engine.namespace(req.namespace));
    },
    ListNamespaces: () => ({ namespaces: [...engine.namespaces.values()].map((ns) => describeNamespace(engine, ns)) }),
    GetSearchAttributes: () => {
      const ns = engine.namespace(defaultNamespace);
      return { keys: { ...SYSTEM_ATTRIBUTES, ...customAttributes(ns) } };
    },
    ListWorkflowExecutions: (req: Req<'ListWorkflowExecutionsRequest'>) => listRuns(engine, engine.namespace(req.namespace), req),
    ScanWorkflowExecutions: (req: Req<'ScanWorkflowExecutionsRequest'>) => listRuns(engine, engine.namespace(req.namespace), req),
    CountWorkflowExecutions: (req: Req<'CountWorkflowExecutionsRequest'>) => countRuns(engine, engine.namespace(req.namespace), req.query),
  };
}

export function operatorHandlers(engine: Engine, defaultNamespace: string): ServiceHandlers {
  return {
    AddSearchAttributes: (req: OReq<'AddSearchAttributesRequest'>) => {
      const ns = engine.namespace(req.namespace || defaultNamespace);
      const entries = Object.entries(req.searchAttributes ?? {});
      if (entries.length === 0) throw invalidArgument('SearchAttributes are not set on request.');
      for (const [name, type] of entries) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalidArgument(`Search attribute name ${JSON.stringify(name)} is not valid.`);
        if (!type) throw invalidArgument(`Search attribute ${name} has no type.`);
        if (SYSTEM_ATTRIBUTES[name] !== undefined) throw invalidArgument(`Search attribute ${name} is reserved by the system.`);
        const existing = ns.searchAttributes[name];
        if (existing !== undefined && existing !== type) {
          throw invalidArgument(`Search attribute ${name} already exists with type ${typeName(existing)}.`);
        }
      }
      engine.transact(() => {
        for (const [name, type] of entries) {
          ns.searchAttributes[name] = type;
          delete ns.inferredTypes[name];
        }
        for (const run of engine.runs.values()) run.visibilityCache = null;
        engine.touchNamespace(ns);
      });
      return {};
    },
    RemoveSearchAttributes: (req: OReq<'RemoveSearchAttributesRequest'>) => {
      const ns = engine.namespace(req.namespace || defaultNamespace);
      for (const name of req.searchAttributes ?? []) {
        if (ns.searchAttributes[name] === undefined) throw invalidArgument(`Search attribute ${name} is not a custom attribute of ${ns.name}.`);
      }
      engine.transact(() => {
        for (const name of req.searchAttributes ?? []) delete ns.searchAttributes[name];
        engine.touchNamespace(ns);
      });
      return {};
    },
    ListSearchAttributes: (req: OReq<'ListSearchAttributesRequest'>) => {
      const ns = engine.namespace(req.namespace || defaultNamespace);
      return { customAttributes: customAttributes(ns), systemAttributes: SYSTEM_ATTRIBUTES, storageSchema: {} };
    },
  };
}

export function healthHandlers(): ServiceHandlers {
  return { Check: () => ({ status: 1 /* SERVING */ }) };
}
