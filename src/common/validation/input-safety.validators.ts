import { registerDecorator, type ValidationOptions } from 'class-validator';
import { displayTextProblem, nameProblem, toolNameProblem, uriProblem, urlProblem } from './input-safety.js';

/** Issues from these checks carry FastAPI's `value_error` type (see validation-exception.factory.ts). */
export const VALUE_ERROR_CONTEXT = { issueType: 'value_error' };

/**
 * A class-validator decorator from one of the pure checks. Non-strings pass (the field's `@IsString()` reports
 * them); the message reads as pydantic's does for a validator's ValueError: `Value error, <what is wrong>`.
 */
function fromCheck(name: string, problem: (value: string) => string | null, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { ...options, context: { ...VALUE_ERROR_CONTEXT, ...options?.context } },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || problem(value) === null,
        defaultMessage: (args) => `Value error, ${problem(String(args?.value)) ?? 'invalid value'}`,
      },
    });
}

/** ContextForge `validate_name`: letters, digits, space, `_`, `.`, `-`; at most 255 characters. */
export const IsSafeName = (field = 'Name', options?: ValidationOptions) => fromCheck('isSafeName', (v) => nameProblem(v, field), options);

/** ContextForge `validate_tool_name` (MCP tool names, SEP-986). */
export const IsSafeToolName = (options?: ValidationOptions) => fromCheck('isSafeToolName', toolNameProblem, options);

/** ContextForge `validate_uri`: no `..`, no markup, a conservative character set. */
export const IsSafeUri = (field = 'URI', options?: ValidationOptions) => fromCheck('isSafeUri', (v) => uriProblem(v, field), options);

/** ContextForge `validate_url`: http(s)/ws(s), no smuggled protocols, control characters or markup. */
export const IsSafeUrl = (field = 'URL', options?: ValidationOptions) => fromCheck('isSafeUrl', (v) => urlProblem(v, field), options);

/** ContextForge `validate_no_xss` for display text: descriptions refuse script-capable markup. */
export const IsSafeText = (field = 'Description', options?: ValidationOptions) =>
  fromCheck('isSafeText', (v) => displayTextProblem(v, field), options);
