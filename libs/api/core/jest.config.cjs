const esmOnly = require('../../../tools/jest/esm-only-packages.cjs');

module.exports = {
  displayName: 'api-core',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'],
  transformIgnorePatterns: esmOnly.transformIgnorePatterns,
  transform: {
    ...esmOnly.transform,
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json'}],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/core',
  // Each integration spec boots the whole app against a real database.
  testTimeout: 60_000,
};
