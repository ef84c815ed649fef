/**
 * Jest (below Node 24.9) cannot `require()` an ES module, and Nest 12 is ESM-only, so a CommonJS package that
 * requires Nest (@nestjs/throttler) fails to load in the suites, though Node itself loads it (require(esm)).
 * For `require` only, this resolver hands such packages a stand-in that exports the very ES module instances the
 * suite imported (cjs-interop.setup.ts puts them on globalThis before any suite code runs). `import`s resolve as usual.
 */
const { join } = require('node:path');

const STAND_INS = { '@nestjs/common': 'nestjs-common.cjs', '@nestjs/core': 'nestjs-core.cjs' };

module.exports = (request, options) => {
  const standIn = STAND_INS[request];
  if (standIn && options.conditions?.includes('require')) return join(__dirname, standIn);
  return options.defaultResolver(request, options);
};
