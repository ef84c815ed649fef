/**
 * The browser suite (`npm run test:browser`): the admin UI in headless Chromium against the app on a real port.
 * Not part of `npm test`, so a machine without Chromium still passes it. Same ESM/ts-jest setup as jest.config.js.
 */
export default {
  displayName: 'browser',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  // CommonJS packages that require Nest (ESM-only): see test/support/jest/cjs-interop.resolver.cjs.
  resolver: '<rootDir>/test/support/jest/cjs-interop.resolver.cjs',
  setupFiles: ['<rootDir>/test/support/jest/cjs-interop.setup.ts'],
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 90_000,
  slowTestThreshold: 30,
};
