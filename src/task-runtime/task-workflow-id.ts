// How a task id maps to its workflow id and back. Dependency-free, so activities (which must not load
// the workflow SDK through the contract) and the API share the one rule.

/** The task id a client sees is the workflow id without this prefix. */
export const TASK_WORKFLOW_ID_PREFIX = 'a2a-task-';
export const taskWorkflowId = (taskId: string): string => `${TASK_WORKFLOW_ID_PREFIX}${taskId}`;

/** The task a workflow id belongs to; undefined for workflows that are not tasks (keepers, sweeps). */
export function taskIdOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(TASK_WORKFLOW_ID_PREFIX) && workflowId.length > TASK_WORKFLOW_ID_PREFIX.length
    ? workflowId.slice(TASK_WORKFLOW_ID_PREFIX.length)
    : undefined;
}
