import * as common from '@nestjs/common';
import * as core from '@nestjs/core';

// The instances CommonJS packages get when they require Nest under Jest (see cjs-interop.resolver.cjs).
(globalThis as { __esmForCjs?: Record<string, unknown> }).__esmForCjs = { '@nestjs/common': common, '@nestjs/core': core };
