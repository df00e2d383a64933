// api/ reaches Temporal only through api/temporal/temporal-task-gateway.ts: the modules that serve
// requests depend on the gateway's interface module, so they load (and run in tests) without the
// Temporal client. The client is made to fail on load here; these imports must not reach it.
jest.mock('@temporalio/client', () => {
  throw new Error('@temporalio/client was loaded');
});

it('the approval listing and the task operations load without the Temporal client', () => {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded inside the test, so a failure names it */
  expect(() => require('../../api/approvals/approval-listing')).not.toThrow();
  expect(() => require('../../api/task-service/task-operations')).not.toThrow();
  /* eslint-enable @typescript-eslint/no-require-imports */
});
