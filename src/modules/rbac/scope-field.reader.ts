import type { ScopeField, ScopeSource } from '../../auth/route-decision.js';
import { badRequest, DomainError, ErrorCode } from '../../common/errors/domain-error.js';

/** What the guard sees of a request: the three places a scope value can come from. */
export interface ScopeSources {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

const SOURCES: readonly ScopeSource[] = ['path', 'query', 'body'];
const MAX_LENGTH = 512;
const MAX_ITEMS = 1000;

/**
 * The declared field's value, checked before any decision: a non-empty string (or, for `many`, a list of them)
 * without control characters. Absent (missing, null or empty) is undefined. The same name in another place with a
 * different value is a 400: the request must not name one target for the check and another for the handler.
 */
export function readScopeField(request: ScopeSources, field: ScopeField): string | readonly string[] | undefined {
  const declared = normalize(fieldsOf(request, field.in)[field.name], field);
  for (const other of SOURCES) {
    if (other === field.in) continue;
    const fields = fieldsOf(request, other);
    if (!Object.prototype.hasOwnProperty.call(fields, field.name)) continue;
    const copy = fields[field.name];
    if (isAbsent(copy) && declared === undefined) continue;
    if (!sameValue(copy, declared)) {
      throw badRequest(
        `${field.name} is given in the ${other === 'path' ? 'path' : other} as well as in the ${field.in}, with a different value: name the target once (in the ${field.in})`,
        field.name,
      );
    }
  }
  return declared;
}

function fieldsOf(request: ScopeSources, source: ScopeSource): Record<string, unknown> {
  const value = source === 'path' ? request.params : source === 'query' ? request.query : request.body;
  // A non-object body (array, string, null) carries no fields; the body validator refuses it later.
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function normalize(value: unknown, field: ScopeField): string | readonly string[] | undefined {
  if (isAbsent(value)) return undefined;
  if (field.many && field.item) {
    const item = field.item;
    const references = Array.isArray(value)
      ? value.map((v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[item] : undefined))
      : [];
    if (!Array.isArray(value) || value.length > MAX_ITEMS || !references.every(isReference)) {
      throw invalid(field, `must be a list of at most ${MAX_ITEMS} objects, each with a non-empty string ${item}`);
    }
    return Object.freeze(references);
  }
  if (field.many) {
    if (!Array.isArray(value) || value.length > MAX_ITEMS || !value.every(isReference)) {
      throw invalid(field, `must be a list of at most ${MAX_ITEMS} non-empty strings`);
    }
    return Object.freeze([...value]);
  }
  if (!isReference(value)) throw invalid(field, `must be a non-empty string of at most ${MAX_LENGTH} characters`);
  return value;
}

function isReference(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);
}

function sameValue(copy: unknown, declared: string | readonly string[] | undefined): boolean {
  if (typeof declared === 'string' || declared === undefined) return copy === declared;
  return Array.isArray(copy) && copy.length === declared.length && copy.every((v, i) => v === declared[i]);
}

function invalid(field: ScopeField, msg: string): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, `${field.name}: ${msg}`, {
    param: field.name,
    issues: [{ loc: [field.in, field.name], msg, type: 'value_error' }],
  });
}
