// The port contract suites on the production engines. scripts/test-engines.mjs runs a suite only
// when its server's URL is set (EVENTSTORE_URL, MONGODB_URL) and reports it "not run" otherwise.
const { node } = require('./jest.projects.js');

module.exports = {
  testTimeout: 60_000,
  projects: [
    node('eventstoredb', ['<rootDir>/apps/api/src/event-store/**/*.engine.spec.ts']),
    node('mongodb', ['<rootDir>/apps/api/src/read-store/**/*.engine.spec.ts']),
  ],
};
