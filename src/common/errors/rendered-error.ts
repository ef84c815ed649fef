import { type DomainError, ErrorCode } from './domain-error.js';

export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How long a client is asked to wait before retrying a 503 (`Retry-After`, seconds). */
export const RETRY_AFTER_SECONDS = '5';

/**
 * `Retry-After` (seconds): what a refusal says about its wait (the abuse limits), else the fixed wait of a 503;
 * undefined for everything else.
 */
export function retryAfterHeader(error: DomainError): Record<string, string> | undefined {
  const seconds = error.details.retryAfterSeconds;
  if (seconds !== undefined) return { 'Retry-After': String(seconds) };
  return error.code === ErrorCode.SERVICE_UNAVAILABLE ? { 'Retry-After': RETRY_AFTER_SECONDS } : undefined;
}
