import { describe, expect, it } from '@jest/globals';
import { renderContextforgeError } from './contextforge-error.renderer.js';
import { tooManyRequests } from './domain-error.js';
import { renderForwardAuthError } from './forward-auth-error.renderer.js';
import { renderLitellmError } from './litellm-error.renderer.js';

/** Abuse limits and the login back-off: 429 with Retry-After (whole seconds, at least 1) on every surface. */
describe('TOO_MANY_REQUESTS', () => {
  it('ContextForge: {"detail"} and Retry-After', () => {
    expect(renderContextforgeError(tooManyRequests('Slow down', 12.2), 'id')).toEqual({
      status: 429,
      body: { detail: 'Slow down' },
      headers: { 'Retry-After': '13' },
    });
  });

  it('LiteLLM (and forward auth): {"error"} with code \'429\' and Retry-After', () => {
    const expected = {
      status: 429,
      body: { error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: '429' } },
      headers: { 'Retry-After': '1' },
    };
    expect(renderLitellmError(tooManyRequests('Slow down', 0), 'id')).toEqual(expected);
    expect(renderForwardAuthError(tooManyRequests('Slow down', 0.2), 'id')).toEqual(expected);
  });
});
