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
  // Real servers, real scrypt, real fsync: a minute per test, not Jest's 5 s (Jest reads this only at the top level).
  testTimeout: 60_000,
  projects: [
    node('domain', ['<rootDir>/libs/domain/**/*.spec.ts']),
    node('projections', ['<rootDir>/libs/projections/**/*.spec.ts']),
    node('api', ['<rootDir>/apps/api/**/*.spec.ts']),
    node('http', ['<rootDir>/test/http/**/*.spec.ts']),
    node('concurrency', ['<rootDir>/test/concurrency/**/*.spec.ts']),
    node('faults', ['<rootDir>/test/faults/**/*.spec.ts']),
  ],
};
