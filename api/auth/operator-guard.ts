// The operator gate shared by the operator-only routes (codec server, /metrics, the data purge): the
// caller must hold the operator role (AUTH_OPERATOR_ROLE); a refusal is audited (`not-operator`) and
// answered PermissionDenied naming the role. Without authentication (AUTH_DISABLED) a route may stay
// as open as the API, unless what it does cannot be undone.
import type { AuditLog } from '../../src/audit/audit-log';
import { A2AError } from '../a2a-error';
import type { ApiContext } from '../app-types';
import type { Principal } from '../request-handler';
import type { Admission } from './admission';

export interface OperatorGate {
  admission: Admission;
  /** Principals with this role pass; '' lets nobody through while credentials are checked. */
  operatorRole: string;
  audit: AuditLog;
  /** Whether credentials are checked at all; false (AUTH_DISABLED) lets every caller through unless `evenWithoutAuth`. */
  authenticated: boolean;
}

export interface OperatorCheck {
  /** What is guarded, as the start of the refusal: "Metrics are", "The codec server is". */
  subject: string;
  /** Refuse a caller without the role even when credentials are not checked (irreversible actions). */
  evenWithoutAuth?: boolean;
  /** Called before refusing (a metric, draining an unread body). */
  onRefused?: () => void;
}

export async function admitOperator(ctx: ApiContext, gate: OperatorGate, check: OperatorCheck): Promise<Principal> {
  const principal = await gate.admission(ctx);
  if (!gate.authenticated && !check.evenWithoutAuth) return principal;
  if (gate.operatorRole !== '' && principal.roles.includes(gate.operatorRole)) return principal;
  check.onRefused?.();
  gate.audit.record('authorization-refused', {
    requestId: ctx.state.requestId,
    method: ctx.method,
    path: ctx.path,
    tenant: principal.tenant,
    subject: principal.subject,
    reason: 'not-operator',
    ...(ctx.state.credential ? { credential: ctx.state.credential } : {}),
  });
  throw A2AError.permissionDenied(
    gate.operatorRole === ''
      ? `${check.subject} for operators, and no operator role is configured (AUTH_OPERATOR_ROLE)`
      : `${check.subject} for operators: the ${gate.operatorRole} role is required`,
    { requiredRole: gate.operatorRole },
  );
}
