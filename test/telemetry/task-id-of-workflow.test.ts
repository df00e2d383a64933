// Spans name the task a workflow belongs to: its own workflow and its push-config keeper alike.
import { pushConfigKeeperWorkflowId, taskWorkflowId } from '../../src/task-runtime/contract';
import { taskIdOfWorkflowId } from '../../src/telemetry/spans';

it('the task id of a task workflow and of its push-config keeper is the task id', () => {
  expect(taskIdOfWorkflowId(taskWorkflowId('t-1'))).toBe('t-1');
  expect(taskIdOfWorkflowId(pushConfigKeeperWorkflowId('t-1'))).toBe('t-1');
  expect(taskIdOfWorkflowId('something-else')).toBe('something-else');
});
