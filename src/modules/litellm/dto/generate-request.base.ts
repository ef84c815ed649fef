import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsNumber, IsObject, IsOptional, IsString, Min } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/**
 * The fields LiteLLM's `GenerateRequestBase` gives both `/user/new` and `/user/update`. `aliases`, `config` and
 * `spend` are stored on the user (`spend` by proxy admins only); the rest describe a key and are accepted, not
 * applied to the user (LiteLLM's user table has no place for them either; set them on keys with /key/*).
 */
export class GenerateRequestBase {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Model aliases for the user' })
  @IsOptional()
  @IsObject()
  @Nullable()
  aliases?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  config?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Number, description: 'Spend so far (proxy admins only: 403 otherwise)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  spend?: number | null;

  // Accepted, not applied (key-level settings).

  @ApiPropertyOptional({ type: String, description: 'Ignored' })
  @IsOptional()
  @IsString()
  @Nullable()
  agent_id?: string | null;

  @ApiPropertyOptional({ type: 'integer', description: 'Ignored' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  max_parallel_requests?: number | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @Nullable()
  allowed_cache_controls?: unknown[] | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Key permissions (ignored here)' })
  @IsOptional()
  @IsObject()
  @Nullable()
  permissions?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Ignored' })
  @IsOptional()
  @IsObject()
  @Nullable()
  model_max_budget?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Ignored' })
  @IsOptional()
  @IsObject()
  @Nullable()
  budget_fallbacks?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Ignored' })
  @IsOptional()
  @IsObject()
  @Nullable()
  model_rpm_limit?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Ignored' })
  @IsOptional()
  @IsObject()
  @Nullable()
  model_tpm_limit?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String], description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  guardrails?: string[] | null;

  @ApiPropertyOptional({ type: Boolean, description: 'Ignored (block keys with /key/block)' })
  @IsOptional()
  @IsBoolean()
  @Nullable()
  blocked?: boolean | null;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Ignored' })
  @IsOptional()
  @IsArray()
  @Nullable()
  budget_limits?: unknown[] | null;

  @ApiPropertyOptional({ type: Number, description: 'Ignored' })
  @IsOptional()
  @IsNumber()
  @Nullable()
  soft_budget?: number | null;
}
