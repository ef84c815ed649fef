export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How long a client is asked to wait before retrying a 503 (`Retry-After`, seconds). */
export const RETRY_AFTER_SECONDS = '5';
