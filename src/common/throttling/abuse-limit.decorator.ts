import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ABUSE_LIMIT, AbuseLimitGuard, type AbuseLimitName } from './abuse-limit.guard.js';

/** Counts the route against the named abuse limits (see AbuseLimitGuard); routes without it are not throttled. */
export const AbuseLimit = (name: AbuseLimitName) => applyDecorators(SetMetadata(ABUSE_LIMIT, name), UseGuards(AbuseLimitGuard));
