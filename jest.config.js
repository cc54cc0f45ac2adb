// One Jest run, several projects: `npm test` runs them all and sums the results.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
const ts = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
const node = (displayName, testMatch, extra = {}) => ({
  displayName,
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch,
  transform: ts,
  moduleNameMapper,
  ...extra,
});

module.exports = {
  projects: [
    node('domain', ['<rootDir>/libs/domain/**/*.spec.ts']),
    node('projections', ['<rootDir>/libs/projections/**/*.spec.ts']),
    node('api', ['<rootDir>/apps/api/**/*.spec.ts']),
    // Real servers, real scrypt, real fsync: these get a minute per test, not Jest's 5 s.
    node('http', ['<rootDir>/test/http/**/*.spec.ts'], { testTimeout: 60_000 }),
    node('concurrency', ['<rootDir>/test/concurrency/**/*.spec.ts'], { testTimeout: 60_000 }),
    node('faults', ['<rootDir>/test/faults/**/*.spec.ts'], { testTimeout: 120_000 }),
  ],
};
