import fc from 'fast-check';

/**
 * Values a careless or hostile client sends in place of the expected one: every JSON type, `null`, control
 * characters (NUL first), lone surrogates and U+FFFD (what invalid UTF-8 decodes to), huge strings and numbers, and
 * nesting deeper than any DTO.
 */
const CONTROL_CHARS = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f', '\t', '\n', '\r'];
const ODD_UNICODE = ['\ud800', '\udfff', '\ud83d', '\ufffd', '\ufeff', '\u202e', '\u0085', '\u2028', '😀'];

/** A short printable string with something nasty in it. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    'undefined',
    'NaN',
    '-1',
    '0',
    '1e309',
    '99999999999999999999999',
    'true',
    '[]',
    '{}',
    "'; DROP TABLE users; --",
    '../../etc/passwd',
    '%00',
    '%zz',
    '%E0%A4%A',
    '%ff%fe',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    'http://127.0.0.1:1/x',
    'a@b',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CONTROL_CHARS, ...ODD_UNICODE), fc.string({ maxLength: 8 }))
    .map(([a, bad, b]) => `${a}${bad}${b}`),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.constantFrom(1_000, 70_000, 1_100_000).map((n) => 'x'.repeat(n)),
);

export const hostileNumber: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, -0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 9.99e307),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom('1e400', '-1e400', '99999999999999999999999999', '0x10', '1_000', '٣'),
);

/** Nested arrays and objects `depth` levels deep. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** The JSON text of `nested(depth)`, built as text: `JSON.stringify` itself overflows long before 100,000 levels. */
export function nestedJson(depth: number): string {
  const levels = Array.from({ length: depth }, (_, i) => i % 2 === 1);
  const open = levels.map((isArray) => (isArray ? '[' : '{"a":')).join('');
  const close = levels
    .reverse()
    .map((isArray) => (isArray ? ']' : '}'))
    .join('');
  return `${open}1${close}`;
}

/** Any JSON value but the expected one. `inner` is what an object or array may hold. */
export function hostileValue(inner?: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const content = inner ?? fc.oneof(hostileString, fc.integer(), fc.constant(null));
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: hostileString, weight: 4 },
    { arbitrary: hostileNumber, weight: 2 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: fc.array(content, { maxLength: 3 }), weight: 2 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), content, { maxKeys: 3 }), weight: 2 },
    { arbitrary: fc.constantFrom(20, 200, 3_000).map((depth) => nested(depth)), weight: 1 },
  );
}
