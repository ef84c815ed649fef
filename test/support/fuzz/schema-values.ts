import fc from 'fast-check';
import { hostileValue } from './hostile-values.js';
import type { Schema } from './openapi-operations.js';

/**
 * A value the schema allows (as far as a schema can say), for fixture-free fields: requests built only from
 * hostile values would all stop at the first validation error and never reach a handler.
 */
export function plausibleValue(schema: Schema, pool: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => plausibleValue(variant, pool, depth)));
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1000) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(plausibleValue(schema.items ?? {}, pool, depth + 1), { maxLength: 2 });
    case 'object':
      return depth > 4 ? fc.constant({}) : objectOf(schema, (child) => plausibleValue(child, pool, depth + 1));
    case 'string':
      return plausibleString(schema, pool);
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant({}));
  }
}

/**
 * Mostly a plausible value, sometimes a hostile one, at every level: so each field of a body is, in some run,
 * replaced by `null`, the wrong type, control characters, deep nesting and so on, while its siblings stay valid.
 */
export function mutatedValue(schema: Schema, pool: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  const hostile = hostileValue();
  if (depth > 4) return fc.oneof(plausibleValue(schema, pool, depth), hostile);
  const inner =
    schema.type === 'object' && schema.properties
      ? objectOf(schema, (child) => mutatedValue(child, pool, depth + 1), true)
      : schema.type === 'array'
        ? fc.array(mutatedValue(schema.items ?? {}, pool, depth + 1), { maxLength: 3 })
        : plausibleValue(schema, pool, depth);
  return fc.oneof({ arbitrary: inner, weight: 3 }, { arbitrary: hostile, weight: 1 });
}

function plausibleString(schema: Schema, pool: fc.Arbitrary<string>): fc.Arbitrary<string> {
  if (schema.format === 'email') return fc.oneof(fc.emailAddress(), pool);
  if (schema.format === 'uri' || schema.format === 'url') return fc.constantFrom('https://example.com/x', 'http://localhost:1/mcp');
  if (schema.format === 'date-time') return fc.constantFrom('2030-01-01T00:00:00Z', '1970-01-01T00:00:00Z');
  // Not fc.stringMatching: its values are slow to generate inside oneof (it tries to unmap every candidate).
  const word = fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 2, maxLength: 12 })
    .map((w) => `w${w}`);
  return fc.oneof(word, pool, fc.constantFrom('30d', '1h', 'user', 'admin', 'public', 'team', 'private'));
}

/** Required properties always, optional ones sometimes, and now and then a field the schema does not know. */
function objectOf(schema: Schema, valueFor: (child: Schema) => fc.Arbitrary<unknown>, extras = false): fc.Arbitrary<object> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, valueFor(child)]));
  const known = fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
  if (!extras && Object.keys(properties).length > 0) return known;
  const unknown = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), hostileValue(), { maxKeys: 2 });
  return fc.tuple(known, unknown).map(([a, b]) => ({ ...b, ...a }));
}
