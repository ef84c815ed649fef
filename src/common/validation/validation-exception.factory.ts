import type { ValidationError } from 'class-validator';
import { DomainError, ErrorCode, type FieldIssue } from '../errors/domain-error.js';

/** Where FastAPI says a bad value was: `["body", ...]`, `["query", name]`, `["path", name]`. */
export type IssueLocation = 'body' | 'query' | 'path';

/**
 * class-validator's errors as FastAPI-style issues (`loc`, `msg`, `type`), naming every bad field. `prefix` is where
 * the validated object sits (`["query"]`, or `["body", "tool"]` for a nested one); the pipe passes it per argument.
 */
export function validationExceptionFactory(errors: ValidationError[], prefix: (string | number)[] = ['body']): DomainError {
  const issues = errors.flatMap((error) => toIssues(error, prefix));
  const summary = issues.map((issue) => `${issue.loc.slice(1).join('.')}: ${issue.msg}`).join('; ');
  return new DomainError(ErrorCode.VALIDATION_FAILED, summary || 'Invalid request', { issues });
}

function toIssues(error: ValidationError, parent: (string | number)[]): FieldIssue[] {
  const loc = [...parent, error.property];
  const own = Object.entries(error.constraints ?? {}).map(([type, msg]) => ({
    loc,
    msg: type === 'whitelistValidation' ? 'unknown field' : msg,
    type: type === 'whitelistValidation' ? 'extra_forbidden' : issueType(error, type),
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => toIssues(child, loc))];
}

/** A constraint may name its FastAPI type in its context (`value_error` for the input-safety checks). */
function issueType(error: ValidationError, constraint: string): string {
  const context = error.contexts?.[constraint] as { issueType?: unknown } | undefined;
  return typeof context?.issueType === 'string' ? context.issueType : constraint;
}
