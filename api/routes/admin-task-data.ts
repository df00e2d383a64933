// `DELETE /admin/tasks/{taskId}/data`: an operator purges one task's stored data (a deletion request;
// api/task-service/purge-task-data.ts). Only principals holding the operator role may, and only for
// tasks of their own tenant; unlike the codec server it is closed even without authentication, since
// what it does cannot be undone. Answers what was deleted.
import type Router from '@koa/router';
import type { AuditLog } from '../../src/audit/audit-log';
import type { ApiState } from '../app-types';
import type { Admission } from '../auth/admission';
import { admitOperator } from '../auth/operator-guard';
import { JSON_MEDIA_TYPE } from '../bindings/endpoint';
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
    const principal = await admitOperator(ctx, { ...deps, authenticated: true }, { subject: 'Purging task data is', evenWithoutAuth: true });
    const result = await deps.purge({ principal, taskId: ctx.params.taskId, requestId: ctx.state.requestId });
    ctx.set('Cache-Control', 'no-store');
    ctx.type = JSON_MEDIA_TYPE;
    ctx.body = { taskId: result.taskId, deletedBlobIds: result.deletedBlobIds, deleted: result.deletedBlobIds.length };
  });
}
