/** Jest in ESM mode (NestJS 12 is ESM-only): `node --experimental-vm-modules node_modules/jest/bin/jest.js`. */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  // CommonJS packages that require Nest (ESM-only): see test/support/jest/cjs-interop.resolver.cjs.
  resolver: '<rootDir>/test/support/jest/cjs-interop.resolver.cjs',
  setupFiles: ['<rootDir>/test/support/jest/cjs-interop.setup.ts'],
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/tooling/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 30 },
  ],
  testTimeout: 60_000,
};
