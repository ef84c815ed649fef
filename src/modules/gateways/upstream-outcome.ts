import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * What an upstream did during one exchange, so that a failure can be reported by a short fixed reason. The SDK's
 * own errors quote the upstream's response body, which can carry its secrets (or text aimed at our callers), so
 * none of their text ever reaches a response.
 */
export class UpstreamOutcome {
  /** The latest HTTP status that was not a success, or `unreachable`; cleared by a success. */
  private lastFailure: number | 'unreachable' | null = null;

  /** `fetch`, noting each answer and each failure to connect. */
  watch(fetch: FetchLike): FetchLike {
    return async (url, init) => {
      try {
        const response = await fetch(url, init);
        this.lastFailure = response.ok ? null : response.status;
        return response;
      } catch (error) {
        if (!init?.signal?.aborted) this.lastFailure = 'unreachable';
        throw error;
      }
    };
  }

  /** Why the exchange failed with `error`, in words of our own. */
  reasonFor(error: unknown): string {
    // The SDK's transport errors carry the HTTP status as a number (SSE adds 200 for a wrong content type).
    const code = (error as { code?: unknown } | null)?.code;
    const failure = typeof code === 'number' && code >= 300 && code <= 599 ? code : this.lastFailure;
    if (failure === 'unreachable') return 'Could not connect to the gateway';
    if (failure !== null) return `Upstream returned HTTP ${failure}`;
    return 'Upstream did not speak MCP';
  }
}
