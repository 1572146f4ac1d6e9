const esmOnly = require('../../../tools/jest/esm-only-packages.cjs');

module.exports = {
  displayName: 'api-identity',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transformIgnorePatterns: esmOnly.transformIgnorePatterns,
  transform: {
    ...esmOnly.transform,
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json'}]
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/identity'
};
