// The strict and temporal test lanes (`npm run test:strict`, `npm run test:temporal`): the suites that
// run the application against Temporal, in directories so a new test there joins the lanes. The lane
// itself comes from the environment (test/support/test-lane.ts). Left out: tests of npm scripts in
// child processes (each runs its own engine), and bundling and replay, which never reach Temporal.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/{api,platform,workflows,security}/**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/platform/(stop-with-parent|busy-ports|production-settings|mcp-dev-token)\\.test\\.ts$',
    '/test/workflows/(bundle|bundle-in-child|document-verifier-replay|sdk-logging)\\.test\\.ts$',
  ],
  globalSetup: '<rootDir>/test/support/lane-setup.ts',
};
