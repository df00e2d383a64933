// The audit log: one structured record per security-relevant event, written through the process
// logger with `audit: <kind>` so it can be routed and retained apart from diagnostics. Records carry
// who, what, when and the outcome, never credentials or document content (digests instead).
// Workflow code cannot import this (no logger in workflows): it logs with `log.info('audit', {...})`
// and the same `audit` field, which the worker's SDK logging routes into the same stream.
import { createHash } from 'node:crypto';
import type { Logger } from '../logger';

export type AuditKind =
  | 'task-start'
  | 'approval-decision'
  | 'task-cancel'
  | 'tool-call'
  | 'push-delivery'
  | 'approver-notification'
  | 'decision-link'
  | 'authorization-refused'
  | 'authentication-refused'
  /** A task's stored data deleted by the retention sweep (one per task), and each sweep's totals. */
  | 'retention-delete'
  | 'retention-sweep'
  /** A task's stored data deleted on an operator's request (README "Retention"). */
  | 'task-data-purge';

export interface AuditLog {
  record(kind: AuditKind, fields: Record<string, unknown>): void;
}

/**
 * `logger` is the process's root logger: pino writes every child binding, so an audit log made from a
 * child already bound to a `component` would write that key twice.
 */
export function createAuditLog(logger: Logger): AuditLog {
  // Audit records are kept whatever LOG_LEVEL says about diagnostics (a silenced logger stays silent).
  const audit = logger.child({ component: 'audit' }, { level: logger.level === 'silent' ? 'silent' : 'info' });
  return {
    record(kind, fields) {
      audit.info({ audit: kind, at: new Date().toISOString(), ...fields }, `audit ${kind}`);
    },
  };
}

/** A stable digest of a value (arguments, document bytes) for records that must not hold the value. */
export function auditDigest(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
