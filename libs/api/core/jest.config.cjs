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
  // Something the S3 storage spec opens (its stub bucket's or the AWS client's sockets) outlives
  // the spec, and the run then waited about 9 minutes after its last test before Jest exited.
  // The results are in by then: exit at once. (The leak itself is still to be found.)
  forceExit: true,
};
