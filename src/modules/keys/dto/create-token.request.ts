import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { TokenScopeRequest } from './token-scope.request.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `TokenCreateRequest` (`POST /tokens`, `POST /tokens/teams/{team_id}`). */
export class CreateTokenRequest {
  @ApiProperty({ example: 'ci-pipeline', type: String, minLength: 1, maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ example: 30, type: 'integer', nullable: true, minimum: 1, description: 'Lifetime in days; none = never expires' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Nullable()
  expires_in_days?: number | null;

  @ApiPropertyOptional({ type: () => TokenScopeRequest, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TokenScopeRequest)
  @Nullable()
  scope?: TokenScopeRequest | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Nullable()
  tags?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Team the token acts in (POST /tokens only; needs tokens.create there)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  team_id?: string | null;
}
