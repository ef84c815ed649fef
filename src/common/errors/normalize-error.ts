import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '../database/pg-errors.js';
import { DomainError, ErrorCode } from './domain-error.js';

/** What a client sees while the database cannot be reached: nothing internal, and a hint that retrying helps. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; retry shortly';

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.BAD_REQUEST,
  422: ErrorCode.VALIDATION_FAILED,
  // Terminus' ServiceUnavailableException (a failed health check) and any other deliberate 503.
  503: ErrorCode.SERVICE_UNAVAILABLE,
  429: ErrorCode.TOO_MANY_REQUESTS,
};

/**
 * Turns anything thrown (domain errors, Nest HTTP exceptions, Fastify's parser errors, database errors) into a
 * DomainError. A database that cannot be reached is SERVICE_UNAVAILABLE (503), every other unknown error INTERNAL.
 */
export function normalizeError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : (unhealthySummary(response) ?? String((response as { message?: unknown }).message ?? error.message));
    return new DomainError(STATUS_TO_CODE[status] ?? (status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL), message);
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const code = STATUS_TO_CODE[fastifyError.statusCode] ?? ErrorCode.BAD_REQUEST;
    const message =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'Request body is larger than 1 MiB'
        : fastifyError.code?.startsWith('FST_ERR_CTP')
          ? `Malformed request body: ${fastifyError.message}`
          : (fastifyError.message ?? 'Bad request');
    return new DomainError(code, message);
  }
  if (isDatabaseUnavailable(error)) return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE);
  // The multipart parser (busboy) reports a truncated form as a plain Error.
  if (error instanceof Error && MULTIPART_PARSE_ERROR.test(error.message)) {
    return new DomainError(ErrorCode.BAD_REQUEST, `Malformed request body: ${error.message}`);
  }
  return new DomainError(ErrorCode.INTERNAL, 'Internal server error');
}

const MULTIPART_PARSE_ERROR = /^Multipart: |unexpected end of multipart data$/i;

/**
 * A failed terminus health check (`{status: 'error', error: {database: {status: 'down', message}}}`) in words:
 * "Unhealthy: database is down (timeout exceeded when trying to connect)".
 */
function unhealthySummary(response: object): string | null {
  const { status, error } = response as { status?: unknown; error?: Record<string, { status?: unknown; message?: unknown }> };
  if (status !== 'error' || !error || typeof error !== 'object') return null;
  const parts = Object.entries(error).map(([name, check]) => {
    const why = typeof check?.message === 'string' && check.message ? ` (${check.message})` : '';
    return `${name} is ${String(check?.status ?? 'down')}${why}`;
  });
  return parts.length ? `Unhealthy: ${parts.join('; ')}` : null;
}
