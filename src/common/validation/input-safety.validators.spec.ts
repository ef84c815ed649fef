import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validate, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { IsSafeName, IsSafeText, IsSafeToolName, IsSafeUri, IsSafeUrl } from './input-safety.validators.js';
import { validationExceptionFactory } from './validation-exception.factory.js';

class Inner {
  @IsString()
  @IsSafeToolName()
  name: string;

  @IsOptional()
  @IsString()
  @IsSafeUri()
  uri?: string;

  @IsOptional()
  @IsSafeUrl()
  url?: string;

  @IsOptional()
  @IsSafeText()
  description?: string | null;
}

class Outer {
  @IsString()
  @IsSafeName('Team name')
  name: string;

  @ValidateNested()
  @Type(() => Inner)
  tool: Inner;
}

async function issues(plain: object) {
  const errors = await validate(plainToInstance(Outer, plain));
  return errors.length ? validationExceptionFactory(errors).details.issues : [];
}

describe('input-safety decorators', () => {
  it('pass ordinary values, absent optional ones and null descriptions', async () => {
    expect(await issues({ name: 'rbac-e2e-team-1a2b3c4d', tool: { name: 'weather', description: null } })).toEqual([]);
  });

  it('report FastAPI value_error issues located at the field, with pydantic-style messages', async () => {
    expect(await issues({ name: '<script>x</script>', tool: { name: 'ok', uri: 'file:///../etc' } })).toEqual([
      { loc: ['body', 'name'], msg: expect.stringMatching(/^Value error, Team name can only contain/), type: 'value_error' },
      { loc: ['body', 'tool', 'uri'], msg: expect.stringContaining('directory traversal'), type: 'value_error' },
    ]);
  });

  it('leave non-strings to the type checks beside them', async () => {
    const found = await issues({ name: 42, tool: { name: 'ok' } });
    expect(found).toEqual([{ loc: ['body', 'name'], msg: expect.any(String), type: 'isString' }]);
  });

  it('check urls and descriptions too', async () => {
    const found = await issues({ name: 'ok', tool: { name: 'ok', url: 'javascript:alert(1)', description: '<iframe src=x>' } });
    expect(found?.map((issue) => issue.loc.join('.'))).toEqual(['body.tool.url', 'body.tool.description']);
  });
});
