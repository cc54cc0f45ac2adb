// The browser end-to-end suite (`npm test` runs it after the others when this file exists):
// Debian's Chromium driven by playwright-core against the real built server (dist/ and
// apps/web/dist/browser), one server per test on a temp data dir. One test at a time: each drives
// a browser and a server on a 2-core machine, and some of them measure time.
const { node } = require('../../jest.projects.js');

module.exports = {
  // Jest reads these two only at the top level, not per project.
  testTimeout: 120_000,
  maxWorkers: 1,
  projects: [
    node('browser', ['<rootDir>/test/browser/**/*.spec.ts'], {
      // Its own tsconfig: the root one plus the DOM, for the code that runs in the page.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/browser/tsconfig.json' }] },
    }),
  ],
};
