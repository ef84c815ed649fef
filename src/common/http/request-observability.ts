import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import type { AppLogger } from '../logging/app-logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** The route label of requests no route matched (404s), so that probing random paths adds no series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The fields of one access-log line: ids only, never a credential or an email. */
export interface AccessLogLine {
  req_id: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  principal: Principal['kind'] | null;
  user_id: string | null;
  key_id: string | null;
}

export function accessLogLine(request: FastifyRequest & { user?: Principal }, reply: FastifyReply): AccessLogLine {
  const principal = request.user;
  return {
    req_id: request.id,
    method: request.method,
    // The template (`/teams/:team_id`), not the URL: bounded, and free of ids and query strings.
    route: request.routeOptions.url ?? UNMATCHED_ROUTE,
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 100) / 100,
    principal: principal?.kind ?? null,
    user_id: principal?.user?.id ?? null,
    key_id: principal?.key?.id ?? null,
  };
}

/**
 * Every request: its id echoed as `X-Request-Id` (set first, so errors and 404s carry it too), and, once answered,
 * one access-log line and the request metrics. One hook each and no per-request logger: the line is written to
 * pino's asynchronous destination, so logging never blocks the event loop.
 */
export function installRequestObservability(fastify: FastifyInstance, logger: AppLogger, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  const log = logger.pino;
  fastify.addHook('onResponse', (request, reply, done) => {
    const line = accessLogLine(request, reply);
    metrics.observeRequest(line.method, line.route, line.status, reply.elapsedTime / 1000);
    if (log.isLevelEnabled('info')) log.info(line, 'request');
    done();
  });
}
