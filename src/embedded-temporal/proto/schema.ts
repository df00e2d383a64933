// The protobuf schema comes from the reflection root that @temporalio/proto ships (no .proto copies,
// no codegen). This module exposes the few types and field numbers the engine needs by name.
import * as protoRoot from '@temporalio/proto';
import { temporal } from '@temporalio/proto';
import type * as protobuf from 'protobufjs';

export { temporal };
export type Payload = temporal.api.common.v1.IPayload;
export type Payloads = temporal.api.common.v1.IPayloads;
export type Failure = temporal.api.failure.v1.IFailure;
export type HistoryEventInput = temporal.api.history.v1.IHistoryEvent;

export const enums = temporal.api.enums.v1;
export const EventType = enums.EventType;
export const Status = enums.WorkflowExecutionStatus;

const root = protoRoot as unknown as protobuf.Root;

export function lookupType(name: string): protobuf.Type {
  return root.lookupType(name);
}

export function lookupService(name: string): protobuf.Service {
  return root.lookupService(name);
}

export const HistoryEventType = lookupType('temporal.api.history.v1.HistoryEvent');

/** Field number of `history` in the responses that carry one: used to splice pre-encoded events in. */
export function historyFieldId(typeName: string): number {
  return lookupType(typeName).fields.history.id;
}
