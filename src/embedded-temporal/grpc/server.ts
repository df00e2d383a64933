// Builds grpc-js services at run time from the protobufjs reflection root. Every method of a served
// service gets a handler: implemented ones are wrapped so nothing a client sends can crash the
// engine (bad bytes -> INVALID_ARGUMENT, bugs -> INTERNAL, logged); the rest answer UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { lookupService, lookupType } from '../proto/schema';
import type { EngineLogger } from '../logger';
import { DeliveryTracker, deliveryInterceptor, trackerOf } from './delivery';
import { Code, EngineError } from './errors';

export interface RpcContext {
  method: string;
  /** Epoch ms after which the client stops waiting (Infinity when it set no deadline). */
  deadline: number;
  tracker: DeliveryTracker;
}

/** A handler returns a plain message object, or a Buffer when it pre-encoded the response. */
export type RpcHandler = (request: never, ctx: RpcContext) => unknown;
export type ServiceHandlers = Partial<Record<string, RpcHandler>>;

export interface ServedService {
  name: string;
  handlers: ServiceHandlers;
}

const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
const WAITING_METHODS = new Set([
  'GetWorkflowExecutionHistory',
  'QueryWorkflow',
  'PollWorkflowTaskQueue',
  'PollActivityTaskQueue',
  'UpdateWorkflowExecution',
  'PollWorkflowExecutionUpdate',
  'ExecuteMultiOperation',
]);

export function createGrpcServer(services: ServedService[], logger: EngineLogger): grpc.Server {
  const server = new grpc.Server({
    interceptors: [deliveryInterceptor],
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    'grpc.keepalive_permit_without_calls': 1,
    // Channelz bookkeeping costs a measurable share of each call and nobody reads it here.
    'grpc.enable_channelz': 0,
    'grpc.http2.min_ping_interval_without_data_ms': 1000,
  });
  for (const svc of services) addService(server, svc, logger);
  return server;
}

function addService(server: grpc.Server, svc: ServedService, logger: EngineLogger): void {
  const service = lookupService(svc.name);
  const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of service.methodsArray) {
    if (method.requestStream || method.responseStream) continue; // grpc-js answers UNIMPLEMENTED
    const requestType = lookupType(qualify(service, method.requestType));
    const responseType = lookupType(qualify(service, method.responseType));
    definition[method.name] = {
      path: `/${svc.name}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    };
    const handler = svc.handlers[method.name];
    implementation[method.name] = handler
      ? wrap({ method: method.name, waits: WAITING_METHODS.has(method.name), handler, requestType, responseType, logger })
      : (_call: unknown, cb: grpc.sendUnaryData<Buffer>) =>
          cb({ code: Code.UNIMPLEMENTED, details: `${svc.name}/${method.name} is not implemented by the embedded Temporal engine` });
  }
  server.addService(definition as grpc.ServiceDefinition, implementation);
}

function qualify(service: protobuf.Service, typeName: string): string {
  const resolved = service.parent?.lookup(typeName);
  return resolved ? resolved.fullName.replace(/^\./, '') : typeName;
}

interface WrapOptions {
  method: string;
  /** The handler may wait for a long time (history long poll, query) and must learn when the call ends. */
  waits: boolean;
  handler: RpcHandler;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
  logger: EngineLogger;
}

function wrap(o: WrapOptions) {
  return (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
    let tracker = trackerOf(call.metadata);
    if (!tracker) {
      // Not intercepted: whether the response got out is unknown, so never compensate; the call's
      // 'cancelled' event (emitted when it ends either way) still tells waiting handlers to stop.
      const untracked = new DeliveryTracker();
      untracked.delivered = true;
      if (o.waits) call.once('cancelled', () => untracked.end());
      tracker = untracked;
    }
    let request: unknown;
    try {
      request = o.requestType.decode(call.request);
    } catch (err) {
      callback({ code: Code.INVALID_ARGUMENT, details: `Malformed ${o.method} request: ${(err as Error).message}` });
      return;
    }
    const deadlineValue = call.getDeadline();
    const deadline = deadlineValue instanceof Date ? deadlineValue.getTime() : Number(deadlineValue);
    const ctx: RpcContext = { method: o.method, deadline, tracker };
    const respond = (result: unknown) => {
      try {
        const body = Buffer.isBuffer(result) ? result : toBuffer(o.responseType.encode((result ?? {}) as object).finish());
        callback(null, body);
      } catch (err) {
        fail(err);
      }
    };
    const fail = (err: unknown) => {
      if (err instanceof EngineError) {
        callback({ code: err.code, details: err.message, metadata: detailMetadata(err) });
        return;
      }
      o.logger.error(`unexpected error in ${o.method}`, { error: (err as Error)?.stack ?? String(err) });
      callback({ code: Code.INTERNAL, details: `${o.method} failed inside the embedded engine: ${(err as Error)?.message ?? err}` });
    };
    try {
      const result = o.handler(request as never, ctx);
      if (result instanceof Promise) result.then(respond, fail);
      else respond(result);
    } catch (err) {
      fail(err);
    }
  };
}

/** protobufjs already hands out Buffers in Node; copy only when it did not. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function detailMetadata(err: EngineError): grpc.Metadata | undefined {
  if (!err.detail) return undefined;
  const statusType = lookupType('google.rpc.Status');
  const [typeName, value] = err.detail;
  const encoded = statusType.encode({ code: err.code, message: err.message, details: [{ type_url: `type.googleapis.com/${typeName}`, value }] }).finish();
  const md = new grpc.Metadata();
  md.set('grpc-status-details-bin', Buffer.from(encoded));
  return md;
}
