import type { DomainError } from './domain-error.js';

export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** `Retry-After` (seconds) for an error that says how long to wait; undefined otherwise. */
export function retryAfterHeader(error: DomainError): Record<string, string> | undefined {
  const seconds = error.details.retryAfterSeconds;
  return seconds === undefined ? undefined : { 'Retry-After': String(seconds) };
}
