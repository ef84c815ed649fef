import type { ValidationError } from 'class-validator';
import { DomainError, ErrorCode, type FieldIssue } from '../errors/domain-error.js';

/** class-validator's errors as FastAPI-style issues (`loc`, `msg`, `type`), naming every bad field. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const issues = errors.flatMap((error) => toIssues(error, ['body']));
  const summary = issues.map((issue) => `${issue.loc.slice(1).join('.')}: ${issue.msg}`).join('; ');
  return new DomainError(ErrorCode.VALIDATION_FAILED, summary || 'Invalid request', { issues });
}

function toIssues(error: ValidationError, parent: (string | number)[]): FieldIssue[] {
  const loc = [...parent, error.property];
  const own = Object.entries(error.constraints ?? {}).map(([type, msg]) => ({
    loc,
    msg: type === 'whitelistValidation' ? 'unknown field' : msg,
    type: type === 'whitelistValidation' ? 'extra_forbidden' : type,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => toIssues(child, loc))];
}
