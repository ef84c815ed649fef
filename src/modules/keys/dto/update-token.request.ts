import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { TokenScopeRequest } from './token-scope.request.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `TokenUpdateRequest`: a new `scope` replaces the whole scope (checked as at issue). */
export class UpdateTokenRequest {
  @ApiPropertyOptional({ example: 'ci-pipeline', type: String, minLength: 1, maxLength: 255 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @Nullable()
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ type: () => TokenScopeRequest, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TokenScopeRequest)
  @Nullable()
  scope?: TokenScopeRequest | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Nullable()
  tags?: string[] | null;
}
