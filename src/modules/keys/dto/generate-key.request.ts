import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';

export const KEY_TYPES = ['llm_api', 'management', 'read_only', 'default'] as const;

/** LiteLLM `POST /key/generate` (and the fields `/key/update` and `/key/regenerate` share). */
export class GenerateKeyRequest {
  @ApiPropertyOptional({ description: 'Unique human name of the key' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  key_alias?: string | null;

  @ApiPropertyOptional({ example: '30d', description: 'Lifetime: 30s, 15m, 1h, 7d, 2w, 1mo, 1y; null = never expires' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'duration must look like 30s, 1h, 7d or 1mo' })
  duration?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0)
  max_budget?: number | null;

  @ApiPropertyOptional({ example: '30d' })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN, { message: 'budget_duration must look like 30s, 1h, 7d or 1mo' })
  budget_duration?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'Owner; non-admins may only name themselves' })
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional({ description: 'Team the key belongs to; needs /key/generate in that team' })
  @IsOptional()
  @IsString()
  team_id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  tpm_limit?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  rpm_limit?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  max_parallel_requests?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  blocked?: boolean | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  permissions?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[] | null;

  @ApiPropertyOptional({ enum: KEY_TYPES })
  @IsOptional()
  @IsIn(KEY_TYPES)
  key_type?: string | null;
}
