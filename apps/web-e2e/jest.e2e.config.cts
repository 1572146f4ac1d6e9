/**
 * End-to-end journeys in a real Chromium against a running server (E2E_BASE_URL).
 * Named `jest.e2e.config.cts` on purpose: the Nx Jest plugin infers a `test` target from
 * `jest.config.*`, and these must not run with the unit tests. Run them with
 * `npm run e2e` (builds, starts a throwaway server, runs this, stops it).
 */
module.exports = {
  displayName: 'web-e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testTimeout: 60_000,
  maxWorkers: 1,
};
