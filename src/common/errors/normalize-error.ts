import { HttpException } from '@nestjs/common';
import { DomainError, ErrorCode } from './domain-error.js';

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.BAD_REQUEST,
  422: ErrorCode.VALIDATION_FAILED,
  429: ErrorCode.TOO_MANY_REQUESTS,
};

/** Turns anything thrown (domain errors, Nest HTTP exceptions, Fastify's parser errors) into a DomainError. */
export function normalizeError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
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
  return new DomainError(ErrorCode.INTERNAL, 'Internal server error');
}
