import { normalizeIp } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/**
 * The client as abuse limits and the login back-off count it: `request.ip` (see TRUST_PROXY), IPv6 addresses cut to
 * their /64, since one host usually holds a whole /64 and could otherwise be a fresh client per request.
 */
export const clientAddressOf = (request: FastifyRequest): string => normalizeIp(request.ip, 64);
