// How a task id maps to its workflow id and back. Dependency-free, so activities (which must not load
// the workflow SDK through the contract), telemetry and the API share the one rule.

/** The task id a client sees is the workflow id without this prefix. */
export const TASK_WORKFLOW_ID_PREFIX = 'a2a-task-';
export const taskWorkflowId = (taskId: string): string => `${TASK_WORKFLOW_ID_PREFIX}${taskId}`;

/** The keeper of a task's push configs is a workflow of its own, named after the task too. */
export const PUSH_CONFIG_KEEPER_WORKFLOW_ID_PREFIX = 'a2a-push-configs-';
export const pushConfigKeeperWorkflowId = (taskId: string): string => `${PUSH_CONFIG_KEEPER_WORKFLOW_ID_PREFIX}${taskId}`;

/** The task a workflow id belongs to; undefined for workflows that are not tasks (keepers, sweeps). */
export function taskIdOfWorkflowId(workflowId: string): string | undefined {
  return afterPrefix(workflowId, TASK_WORKFLOW_ID_PREFIX);
}

/** The task a task's workflow or its push-config keeper serves (for spans); undefined for any other workflow. */
export function taskIdOfAnyWorkflowId(workflowId: string): string | undefined {
  return afterPrefix(workflowId, TASK_WORKFLOW_ID_PREFIX) ?? afterPrefix(workflowId, PUSH_CONFIG_KEEPER_WORKFLOW_ID_PREFIX);
}

function afterPrefix(workflowId: string, prefix: string): string | undefined {
  return workflowId.startsWith(prefix) && workflowId.length > prefix.length ? workflowId.slice(prefix.length) : undefined;
}
