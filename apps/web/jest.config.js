// The web app's Jest project: jsdom, zoneless Angular, its own CommonJS tsconfig.spec.json.
// Run from the repository root with `npx jest -c apps/web/jest.config.js`.
const { createCjsPreset } = require('jest-preset-angular/presets');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/setup-jest.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The layout rules and seats of libs/domain, shared with the server (apps/web/tsconfig.json's paths).
  moduleNameMapper: { '^@tessera/layout$': '<rootDir>/../../libs/domain/src/show/layout.ts' },
};
