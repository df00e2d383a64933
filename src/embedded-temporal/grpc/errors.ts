// The one error type handlers throw: a gRPC status code plus a message meant for the caller.
// Anything else that escapes a handler is a bug and is reported as INTERNAL by the server wrapper.
import { status as Code } from '@grpc/grpc-js';

export { Code };

export class EngineError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** Optional google.rpc.Status detail: [type name, encoded message]. */
    readonly detail?: [string, Uint8Array],
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new EngineError(Code.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new EngineError(Code.NOT_FOUND, message);
export const alreadyExists = (message: string) => new EngineError(Code.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string) => new EngineError(Code.FAILED_PRECONDITION, message);
export const unimplemented = (message: string) => new EngineError(Code.UNIMPLEMENTED, message);

export function requireField<T>(value: T | null | undefined | '', name: string): T {
  if (value === null || value === undefined || value === '') throw invalidArgument(`${name} is not set on request.`);
  return value;
}
