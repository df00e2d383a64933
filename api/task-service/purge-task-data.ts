// Deletes one task's stored data on an operator's request (a deletion request): every blob in the
// task's index in the artifact store plus every stored part the task shows (blobs stored before the
// index existed). The task's history stays, so GetTask still answers; its downloads answer
// ArtifactNotFound. A task still running is refused: it could store more after the purge.
import type { ArtifactStore } from '../../src/artifact-store';
import type { AuditLog } from '../../src/audit/audit-log';
import { isTerminalState } from '../../src/a2a-model/types';
import { A2AError } from '../a2a-error';
import { referencedBlobIds } from '../artifacts/download-route';
import type { Principal } from '../request-handler';
import type { TaskGateway } from '../temporal/task-gateway';

export interface TaskDataPurgeDeps {
  gateway: Pick<TaskGateway, 'getSnapshot'>;
  store: ArtifactStore;
  audit: AuditLog;
}

export interface PurgeRequest {
  /** An operator (the route checked the role); only tasks of their own tenant are theirs to purge. */
  principal: Principal;
  taskId: string;
  requestId: string;
}

export interface PurgeResult {
  taskId: string;
  /** Ids of the blobs deleted by this request; [] when an earlier purge or the sweep already did. */
  deletedBlobIds: string[];
}

export type TaskDataPurge = (request: PurgeRequest) => Promise<PurgeResult>;

export function createTaskDataPurge(deps: TaskDataPurgeDeps): TaskDataPurge {
  return async ({ principal, taskId, requestId }) => {
    const snapshot = taskId === '' ? undefined : await deps.gateway.getSnapshot(taskId, { includeArtifacts: true });
    // Another tenant's task is as unknown as a missing one, exactly as for every other operation.
    if (!snapshot || snapshot.mode === 'message' || snapshot.owner.tenant !== principal.tenant) throw A2AError.taskNotFound(taskId);
    const { state } = snapshot.task.status;
    if (!isTerminalState(state)) {
      throw A2AError.unsupportedOperation(`Task ${taskId} is ${state}: cancel it first (CancelTask), then purge its data`, {
        taskId,
        state,
        reason: 'task-running',
      });
    }
    const deleted = new Set(await deps.store.deleteTaskBlobs(taskId));
    for (const blobId of referencedBlobIds(snapshot.task)) {
      if (!deleted.has(blobId) && (await deps.store.delete(blobId))) deleted.add(blobId);
    }
    deps.audit.record('task-data-purge', {
      requestId,
      tenant: principal.tenant,
      subject: principal.subject,
      taskId,
      agentId: snapshot.agentId,
      blobs: deleted.size,
    });
    return { taskId, deletedBlobIds: [...deleted] };
  };
}
