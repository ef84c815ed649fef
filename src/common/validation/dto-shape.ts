import type { FieldIssue } from '../errors/domain-error.js';
import { acceptsNull } from './nullable.decorator.js';

const SCALAR_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array, Date, BigInt, Symbol, Function]);

/**
 * What class-validator lets through on a validated DTO and the services do not expect: `null` in a property not
 * marked `@Nullable()`, and a list where the property is declared as one nested DTO (`{"prompt": [{...}]}`:
 * `@ValidateNested()` validates each element and is satisfied). Walks nested DTO instances; plain objects
 * (free-form `metadata`) are left as they are. `input` is the request's value the DTO was made from.
 */
export function dtoShapeIssues(value: unknown, input: unknown, loc: (string | number)[]): FieldIssue[] {
  if (value === null || typeof value !== 'object' || input === null || typeof input !== 'object') return [];
  if (Array.isArray(value)) {
    return Array.isArray(input) ? value.flatMap((item, index) => dtoShapeIssues(item, input[index], [...loc, index])) : [];
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null || prototype === Object.prototype) return [];
  // Only what the client sent counts: a DTO may default a property to null, or derive one from another field.
  const sent = input as Record<string, unknown>;
  return Object.entries(value).flatMap(([property, child]): FieldIssue[] => {
    if (!Object.hasOwn(sent, property)) return [];
    const at = [...loc, property];
    if (child === null && sent[property] === null) {
      return acceptsNull(prototype, property) ? [] : [{ loc: at, msg: 'Input should not be null', type: 'none_forbidden' }];
    }
    const declared: unknown = Reflect.getMetadata('design:type', prototype, property);
    if (Array.isArray(child) && Array.isArray(sent[property]) && typeof declared === 'function' && !SCALAR_TYPES.has(declared)) {
      return [{ loc: at, msg: `${property} must be an object, not a list`, type: 'model_type' }];
    }
    return dtoShapeIssues(child, sent[property], at);
  });
}
