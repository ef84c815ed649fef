import fc from 'fast-check';

/** What a URL can carry that `encodeURIComponent` would never produce: broken and hostile escapes. */
const RAW_ESCAPES = ['%', '%zz', '%E0%A4%A', '%ff', '%c3%28', '%ed%a0%80', '%00', '%0a', '%7f', '%25', '%2e%2e%2f', '%uD800'];

/**
 * Percent-encodes a string byte by byte. Unlike `encodeURIComponent` it never throws: a lone surrogate goes out as
 * the UTF-8 of U+FFFD (what the server would decode anyway). Huge values are cut so the URL stays below Node's
 * header limit (the app never sees a longer one: Node answers 431 itself).
 */
export function percentEncode(value: string, maxBytes = 2_000): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8').subarray(0, maxBytes)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

/** A value as it travels in a URL: cleanly encoded, or with a raw broken escape spliced in. */
export function urlComponent(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: value.map((v) => percentEncode(v)), weight: 4 },
    { arbitrary: fc.tuple(value, fc.constantFrom(...RAW_ESCAPES)).map(([v, raw]) => `${percentEncode(v, 200)}${raw}`), weight: 1 },
  );
}

/** A query value from any JSON value, as a form would send it. */
export function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value).slice(0, 2_000) : String(value);
}
