// Registers the task search attributes on whichever Temporal the process talks to (the embedded
// engine or a real cluster), the same call either way. Existing attributes are left as they are.
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { taskSearchAttributes } from '../task-runtime/contract';
import type { Logger } from '../logger';

const { IndexedValueType } = temporal.api.enums.v1;

const INDEXED_TYPE = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

export async function registerTaskSearchAttributes(connection: Connection, namespace: string, logger: Logger): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = Object.values(taskSearchAttributes).filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type as keyof typeof INDEXED_TYPE]]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    logger.info({ searchAttributes: Object.keys(searchAttributes) }, 'registered task search attributes');
  } catch (err) {
    // Temporal Cloud registers attributes through its own control plane, not the operator service.
    if (isGrpcServiceError(err) && (err.code === grpcStatus.ALREADY_EXISTS || err.code === grpcStatus.PERMISSION_DENIED)) {
      logger.warn({ err: err.message }, 'could not register task search attributes; register them on the namespace');
      return;
    }
    throw err;
  }
}
