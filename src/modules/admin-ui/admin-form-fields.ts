import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { validationExceptionFactory } from '../../common/validation/validation-exception.factory.js';

/** An empty form field means "not given". */
export const optional = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** `a, b ,c` → `['a', 'b', 'c']`; empty → not given. */
export function commaList(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** A JSON text field; invalid JSON is a 422 naming the field. */
export function jsonField(value: string | undefined, field: string): unknown {
  if (optional(value) === undefined) return undefined;
  try {
    return JSON.parse(value!);
  } catch {
    const msg = 'must be valid JSON';
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${field}: ${msg}`, {
      param: field,
      issues: [{ loc: ['body', field], msg, type: 'json_invalid' }],
    });
  }
}

/**
 * The API's own request, built from a form and validated by the API's own rules (the global pipe validated only
 * the form's shape): the admin UI can accept nothing the API would refuse.
 */
export async function validatedAs<T extends object>(type: new () => T, plain: object): Promise<T> {
  const request = plainToInstance(type, plain);
  const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationExceptionFactory(errors);
  return request;
}
