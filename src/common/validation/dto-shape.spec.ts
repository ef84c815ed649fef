import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { LocatedValidationPipe } from './located-validation.pipe.js';
import { Nullable } from './nullable.decorator.js';

class Inner {
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @Nullable()
  @IsString()
  description?: string | null;
}

class Outer {
  @IsOptional()
  @IsString()
  visibility?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  team_id?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  inner?: Inner;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** Defaulted by the DTO, not sent by the client. */
  @IsOptional()
  @IsString()
  derived: string | null = null;
}

const pipe = new LocatedValidationPipe({ whitelist: true, transform: true });
const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: Outer });
const issuesOf = async (body: unknown) => {
  try {
    await validate(body);
    return [];
  } catch (error) {
    return (error as { details: { issues: { loc: unknown[]; type: string }[] } }).details.issues;
  }
};

describe('LocatedValidationPipe: null and lists for nested DTOs', () => {
  it('refuses null for an optional property not marked nullable, where it was sent', async () => {
    expect(await issuesOf({ visibility: null })).toEqual([
      expect.objectContaining({ loc: ['body', 'visibility'], type: 'none_forbidden' }),
    ]);
    expect(await issuesOf({ inner: { name: null } })).toEqual([expect.objectContaining({ loc: ['body', 'inner', 'name'] })]);
  });

  it('takes null where @Nullable() or the Swagger document allows it, and in free-form objects', async () => {
    await expect(validate({ team_id: null, inner: { description: null }, metadata: { a: null } })).resolves.toBeInstanceOf(Outer);
  });

  it('ignores nulls the DTO itself holds', async () => {
    await expect(validate({})).resolves.toEqual(expect.objectContaining({ derived: null }));
  });

  it('refuses a list where one nested DTO belongs', async () => {
    expect(await issuesOf({ inner: [{ name: 'x' }] })).toEqual([expect.objectContaining({ loc: ['body', 'inner'], type: 'model_type' })]);
  });
});
