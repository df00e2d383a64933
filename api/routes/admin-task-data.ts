// `DELETE /admin/tasks/{taskId}/data`: an operator purges one task's stored data (a deletion request;
// api/task-service/purge-task-data.ts). Only principals holding the operator role may, and only for
// tasks of their own tenant; unlike the codec server it is closed even without authentication, since
// what it does cannot be undone. Answers what was deleted.
import type Router from '@koa/router';
import type { AuditLog } from '../../src/audit/audit-log';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import type { Admission } from '../auth/admission';
import { JSON_MEDIA_TYPE } from '../bindings/endpoint';
import type { Principal } from '../request-handler';
import type { TaskDataPurge } from '../task-service/purge-task-data';

export const TASK_DATA_ROUTE = '/admin/tasks/:taskId/data';

export interface AdminTaskDataDeps {
  purge: TaskDataPurge;
  /** Principals with this role may purge; '' lets nobody. */
  operatorRole: string;
  admission: Admission;
  audit: AuditLog;
}

export function registerAdminTaskDataRoutes(router: Router<ApiState>, deps: AdminTaskDataDeps): void {
  router.delete(TASK_DATA_ROUTE, async (ctx) => {
    const principal = await admitOperator(ctx, deps);
    const result = await deps.purge({ principal, taskId: ctx.params.taskId, requestId: ctx.state.requestId });
    ctx.set('Cache-Control', 'no-store');
    ctx.type = JSON_MEDIA_TYPE;
    ctx.body = { taskId: result.taskId, deletedBlobIds: result.deletedBlobIds, deleted: result.deletedBlobIds.length };
  });
}

async function admitOperator(ctx: ApiContext, deps: AdminTaskDataDeps): Promise<Principal> {
  const principal = await deps.admission(ctx);
  if (deps.operatorRole !== '' && principal.roles.includes(deps.operatorRole)) return principal;
  deps.audit.record('authorization-refused', {
    requestId: ctx.state.requestId,
    method: ctx.method,
    path: ctx.path,
    tenant: principal.tenant,
    subject: principal.subject,
    reason: 'not-operator',
    ...(ctx.state.credential ? { credential: ctx.state.credential } : {}),
  });
  throw A2AError.permissionDenied(
    deps.operatorRole === ''
      ? 'Purging task data is for operators, and no operator role is configured (AUTH_OPERATOR_ROLE)'
      : `Purging task data is for operators: the ${deps.operatorRole} role is required`,
    { requiredRole: deps.operatorRole },
  );
}
