// The strict and temporal test lanes (`npm run test:strict`, `npm run test:temporal`): every suite of
// test/{api,platform,workflows,security} that starts Temporal through the test support, so a new one
// joins the lanes by itself; the lane comes from the environment (test/support/test-lane.ts). The
// strict lane (visibility lagging) keeps those that read visibility — ListTasks, the approvals
// listings, the retention sweep, a test's own workflow listing — since only they can see the lag. Not in
// them: stub-backed transport tests, npm scripts in child processes, bundling and replay (they never
// reach the lane's Temporal), and the engine's own conformance and kill -9 tests (test/embedded-temporal,
// test/faults), which test the engine that a real server replaces.
const fs = require('node:fs');
const path = require('node:path');
const base = require('./jest.config');

const DIRECTORIES = ['api', 'platform', 'workflows', 'security'];
const STARTS_TEMPORAL = /\b(startTestPlatform|startPlatformTestServer|startDocumentStack|startHarness)\(/;
const READS_VISIBILITY = /ListTasks|listTasks|tasks\/list|\/tasks[?`'"]|\/approvals\/|eventuallyListed|[Ss]weep|workflow\.list\(/;
const strict = Boolean(process.env.A2A_TEST_VISIBILITY_DELAY_MS);

const suites = DIRECTORIES.flatMap((dir) =>
  fs
    .readdirSync(path.join(__dirname, 'test', dir))
    .filter((name) => {
      if (!name.endsWith('.test.ts')) return false;
      const source = fs.readFileSync(path.join(__dirname, 'test', dir, name), 'utf8');
      return STARTS_TEMPORAL.test(source) && (!strict || READS_VISIBILITY.test(source));
    })
    .map((name) => `<rootDir>/test/${dir}/${name}`),
);

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: suites,
  globalSetup: '<rootDir>/test/support/lane-setup.ts',
};
