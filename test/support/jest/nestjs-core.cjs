// The ES module `@nestjs/core` for CommonJS requirers under Jest (see cjs-interop.resolver.cjs).
const loaded = globalThis.__esmForCjs?.['@nestjs/core'];
if (!loaded) throw new Error('@nestjs/core was required before test/support/jest/cjs-interop.setup.ts ran');
module.exports = loaded;
