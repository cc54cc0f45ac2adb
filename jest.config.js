// One Jest run, several projects: `npm test` runs them all and sums the results.
const { node } = require('./jest.projects.js');

module.exports = {
  // Real servers, real scrypt, real fsync: a minute per test, not Jest's 5 s (Jest reads this only at the top level).
  testTimeout: 60_000,
  projects: [
    node('domain', ['<rootDir>/libs/domain/**/*.spec.ts']),
    node('projections', ['<rootDir>/libs/projections/**/*.spec.ts']),
    // *.engine.spec.ts need a real EventStoreDB or MongoDB: `npm run test:engines` (jest.engines.config.js).
    node('api', ['<rootDir>/apps/api/**/*.spec.ts'], { testPathIgnorePatterns: ['\\.engine\\.spec\\.ts$'] }),
    node('http', ['<rootDir>/test/http/**/*.spec.ts']),
    node('concurrency', ['<rootDir>/test/concurrency/**/*.spec.ts']),
    node('faults', ['<rootDir>/test/faults/**/*.spec.ts']),
    node('deploy', ['<rootDir>/test/deploy/**/*.spec.ts']),
    // READ_STORE=mongodb over the wire against FerretDB, one process and scaled out (issue 9); skipped where FerretDB is not built.
    node('mongodb', ['<rootDir>/test/mongodb/**/*.spec.ts']),
  ],
};
