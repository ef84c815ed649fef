import { Transform } from 'class-transformer';

/**
 * ContextForge clients send JSON-schema fields either as objects or as JSON text (`"input_schema": "{}"`):
 * parse the text; what does not parse stays a string and fails the `@IsObject()` beside it.
 */
export const JsonObject = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  });
