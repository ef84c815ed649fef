/** Names of fields that carry secrets: never stored in `details`, whatever a caller passes. */
const SECRET_NAME = /pass(word)?|secret|token|hash|authori[sz]ation|cookie|api[-_]?key|^key$|credential|otp/i;
/** Values that look like a raw virtual key or a JWT, under any name. */
const SECRET_VALUE = /^(sk-[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
const MAX_DEPTH = 4;
const MAX_STRING = 512;

/**
 * What of `details` may be stored: secret-looking names and values are dropped, long strings cut, depth bounded.
 * Callers pass only harmless facts already; this is the second lock.
 */
export function sanitizeDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return (clean(details ?? {}, 0) as Record<string, unknown> | undefined) ?? {};
}

function clean(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? undefined : value.slice(0, MAX_STRING);
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1)).filter((item) => item !== undefined);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      if (SECRET_NAME.test(name)) continue;
      const kept = clean(item, depth + 1);
      if (kept !== undefined) out[name] = kept;
    }
    return out;
  }
  return undefined;
}
