import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { dtoShapeIssues } from './dto-shape.js';
import { type IssueLocation, validationExceptionFactory } from './validation-exception.factory.js';

const LOCATIONS: Partial<Record<ArgumentMetadata['type'], IssueLocation>> = { body: 'body', query: 'query', param: 'path' };

/** class-validator's errors on their way from the base pipe to `transform`, where the argument is known. */
class UnlocatedErrors {
  constructor(readonly errors: ValidationError[]) {}
}

/**
 * The global ValidationPipe, with every issue located where FastAPI would put it: a bad query parameter is
 * `["query", "limit"]`, a bad path parameter `["path", "id"]`, a bad body field `["body", "tool", "name"]`.
 * The pipe is the one place that knows which argument (and so which part of the request) it is validating; one
 * instance serves concurrent requests, so the location travels with the call, never in a field.
 */
export class LocatedValidationPipe extends ValidationPipe {
  constructor(options: Omit<ValidationPipeOptions, 'exceptionFactory'> = {}) {
    super({ ...options, exceptionFactory: (errors: ValidationError[]) => new UnlocatedErrors(errors) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const where = LOCATIONS[metadata.type] ?? 'body';
    const prefix = metadata.data ? [where, metadata.data] : [where];
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof UnlocatedErrors)) throw error;
      throw validationExceptionFactory(error.errors, prefix);
    }
    // What class-validator does not refuse: `null` for a property not marked @Nullable(), a list for a nested DTO.
    const issues = metadata.type === 'custom' ? [] : dtoShapeIssues(result, value, prefix);
    if (issues.length) {
      const summary = issues.map((issue) => `${issue.loc.slice(1).join('.')}: ${issue.msg}`).join('; ');
      throw new DomainError(ErrorCode.VALIDATION_FAILED, summary, { issues });
    }
    return result;
  }
}
