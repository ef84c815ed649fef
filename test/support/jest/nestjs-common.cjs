// The ES module `@nestjs/common` for CommonJS requirers under Jest (see cjs-interop.resolver.cjs).
const loaded = globalThis.__esmForCjs?.['@nestjs/common'];
if (!loaded) throw new Error('@nestjs/common was required before test/support/jest/cjs-interop.setup.ts ran');
module.exports = loaded;
