module.exports = {
  displayName: 'api-papers',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json'}]
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/papers',
  // Worker threads compile their TypeScript on start (ts-node): allow for a loaded machine.
  testTimeout: 60_000,
};
